from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "hub.sharing"
    label = "sharing"
