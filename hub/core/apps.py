from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = "Hub core"

    def ready(self) -> None:
        from hub.core.pagecache import connect_signals

        connect_signals()
