from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "hub.discussions"
    label = "discussions"
    verbose_name = "Discussion channels"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from hub.discussions.signals import group_membership_changed
        from hub.groups.models import Membership

        # Group channel access follows group membership; open sockets must hear about changes.
        post_save.connect(group_membership_changed, sender=Membership, dispatch_uid="chat-ms")
        post_delete.connect(group_membership_changed, sender=Membership, dispatch_uid="chat-md")
