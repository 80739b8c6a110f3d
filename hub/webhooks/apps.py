from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "hub.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
