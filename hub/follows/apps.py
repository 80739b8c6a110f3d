from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "hub.follows"
    label = "follows"
    verbose_name = "Following"
