import sys

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hub.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from hub.jobs import embedded, failures

        # Every app's tasks.py registers its jobs and periodic work with the one queue.
        autodiscover_modules("tasks")
        failures.connect()
        embedded.close_connections_on_worker_exit()
        if embedded.runserver_should_start(sys.argv):
            embedded.start_when_apps_ready()
