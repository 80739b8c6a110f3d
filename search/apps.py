from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from search.facets import register_labeller
        from search.registry import type_labels

        register_labeller(
            "type",
            lambda values: {
                v: type_labels().get(v, v.replace("_", " ").capitalize()) for v in values
            },
        )
        # Each app registers its searchable models (and facet labellers) in
        # <app>/search_indexes.py.
        autodiscover_modules("search_indexes")
