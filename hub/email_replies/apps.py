from django.apps import AppConfig


class EmailRepliesConfig(AppConfig):
    name = "hub.email_replies"
    label = "email_replies"
    verbose_name = "Replies by email"
