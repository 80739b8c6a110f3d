from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "hub.pledges"
    label = "pledges"
    verbose_name = "Pledges (calls for backing)"
