from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "hub.blog"
    label = "blog"
