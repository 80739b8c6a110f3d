from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app registers its searchable models in <app>/search_indexes.py.
        autodiscover_modules("search_indexes")
