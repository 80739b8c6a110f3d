from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "hub.blog"
    label = "blog"

    def ready(self) -> None:
        from hub.blog import moderation

        moderation.register()
