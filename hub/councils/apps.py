from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "hub.councils"
    label = "councils"
    verbose_name = "Councils"
