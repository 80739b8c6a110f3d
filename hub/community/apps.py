from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "hub.community"
    label = "community"
    verbose_name = "Community dashboards"
