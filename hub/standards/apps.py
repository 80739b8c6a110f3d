from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "hub.standards"
    label = "standards"
