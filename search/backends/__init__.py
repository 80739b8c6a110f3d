"""Choose the search backend from settings: Elasticsearch when ``ELASTICSEARCH_URL`` is set."""

from django.conf import settings

from search.backends.base import SearchBackend

_backends: dict[tuple, SearchBackend] = {}


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend (cached per settings), or a named one: "database"/"elasticsearch"."""
    if name is None:
        name = "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
    key = (name, settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX_PREFIX)
    if key not in _backends:
        if name == "elasticsearch":
            from search.backends.elasticsearch import ElasticsearchBackend

            _backends[key] = ElasticsearchBackend(
                url=settings.ELASTICSEARCH_URL,
                prefix=settings.SEARCH_INDEX_PREFIX,
                replicas=getattr(settings, "SEARCH_ELASTICSEARCH_REPLICAS", 0),
            )
        elif name == "database":
            from search.backends.database import DatabaseBackend

            _backends[key] = DatabaseBackend()
        else:
            raise ValueError(f"Unknown search backend {name!r}")
    return _backends[key]


def uses_elasticsearch() -> bool:
    return bool(settings.ELASTICSEARCH_URL)
