"""Elasticsearch documents: one explicit mapping for every kind of hub content.

Every ``SearchDocument`` (see ``search.registry``) becomes one ``HubDocument``. The index is
named ``<prefix>-documents-<timestamp>`` and used only through two aliases:
``<prefix>-documents`` (reads) and ``<prefix>-documents-write`` (writes), so
``search_reindex`` can build a new index beside the live one and swap the read alias
atomically.

Analysis: text is folded (accents), lower-cased, possessive-stripped, stop-worded and stemmed
(English) at index time; at search time the same chain also applies a ``synonym_graph`` made
from ``search/synonyms.txt``. ``analysis_chain()`` probes the cluster first and leaves out any
filter it lacks (a bare test build of Elasticsearch may miss the analysis-common module), so
the mapping degrades to plain matching instead of failing; ``search_check`` reports what is
missing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from elasticsearch import ApiError
from elasticsearch_dsl import (
    Completion,
    Date,
    Document,
    Float,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from search.synonyms import elasticsearch_rules
from search.welsh import STOP_WORDS

# The filters of the English chain, in order, each with the definition used to probe for it.
FILTER_DEFINITIONS = {
    "asciifolding": {"type": "asciifolding"},
    "hub_synonyms": {"type": "synonym_graph", "synonyms": ["probe, test"]},
    "hub_possessive": {"type": "stemmer", "language": "possessive_english"},
    "hub_stop": {"type": "stop", "stopwords": "_english_"},
    "hub_stemmer": {"type": "stemmer", "language": "english"},
}


def analysis_chain(client) -> dict[str, bool]:
    """Which analysis filters this cluster supports (probed with ``_analyze``)."""
    supported = {}
    for name, definition in FILTER_DEFINITIONS.items():
        try:
            client.indices.analyze(tokenizer="standard", filter=[definition], text="probe")
            supported[name] = True
        except ApiError:  # the cluster answered "unknown filter": not available here
            supported[name] = False
        # Connection errors propagate: an unreachable cluster is not a cluster without filters.
    return supported


def build_analyzers(supported: dict[str, bool]):
    """The index-time and search-time English analyzers and the plain one, from what exists."""

    def chain(include_synonyms: bool) -> list:
        filters: list = ["lowercase"]
        if supported.get("asciifolding"):
            filters.append("asciifolding")
        if include_synonyms and supported.get("hub_synonyms"):
            filters.append(
                token_filter("hub_synonyms", type="synonym_graph", synonyms=elasticsearch_rules())
            )
        if supported.get("hub_possessive"):
            filters.append(
                token_filter("hub_possessive", type="stemmer", language="possessive_english")
            )
        if supported.get("hub_stop"):
            filters.append(token_filter("hub_stop", type="stop", stopwords="_english_"))
        if supported.get("hub_stemmer"):
            filters.append(token_filter("hub_stemmer", type="stemmer", language="english"))
        return filters

    plain_filters = ["lowercase"] + (["asciifolding"] if supported.get("asciifolding") else [])
    return (
        analyzer("hub_english", tokenizer="standard", filter=chain(False)),
        analyzer("hub_english_search", tokenizer="standard", filter=chain(True)),
        analyzer("hub_plain", tokenizer="standard", filter=plain_filters),
    )


def build_welsh_analyzers(supported: dict[str, bool]):
    """Welsh text (``title.cy``, ``body.cy``): folded, lower-cased, Welsh stop words, no
    English stemming; at search time also the synonyms, which include every mutated form of
    the Welsh lexicon (search.welsh). There is no Welsh stemmer: plurals and inflections match
    only as written."""

    def chain(include_synonyms: bool) -> list:
        filters: list = ["lowercase"]
        if supported.get("asciifolding"):
            filters.append("asciifolding")
        if include_synonyms and supported.get("hub_synonyms"):
            filters.append(
                token_filter("hub_synonyms", type="synonym_graph", synonyms=elasticsearch_rules())
            )
        if supported.get("hub_stop"):
            filters.append(token_filter("hub_welsh_stop", type="stop", stopwords=STOP_WORDS))
        return filters

    return (
        analyzer("hub_welsh", tokenizer="standard", filter=chain(False)),
        analyzer("hub_welsh_search", tokenizer="standard", filter=chain(True)),
    )


def english_text(english, english_search, plain, welsh=None, **kwargs) -> Text:
    fields = {"plain": Text(analyzer=plain)}
    if welsh is not None:
        fields["cy"] = Text(analyzer=welsh[0], search_analyzer=welsh[1])
    return Text(analyzer=english, search_analyzer=english_search, fields=fields, **kwargs)


def document_class(supported: dict[str, bool]) -> type[Document]:
    """``HubDocument`` with the analyzers this cluster supports."""
    english, english_search, plain = build_analyzers(supported)
    welsh = build_welsh_analyzers(supported)

    class HubDocument(Document):
        doc_id = Keyword()
        source = Keyword()
        doc_type = Keyword()
        title = english_text(english, english_search, plain, welsh)
        body = english_text(
            english, english_search, plain, welsh, term_vector="with_positions_offsets"
        )
        language = Keyword()
        # "Did you mean" vocabularies: words of public documents (offered to anyone) and of
        # public or members-only documents (offered to signed-in members).
        vocab = Text(analyzer=plain)
        vocab_members = Text(analyzer=plain)
        url = Keyword(index=False)
        context = Keyword(index=False)  # shown after the title, never matched
        access = Keyword()
        created_at = Date()
        updated_at = Date()
        author_name = Text(
            analyzer=english, search_analyzer=english_search, fields={"raw": Keyword()}
        )
        author_handle = Keyword()
        council_slugs = Keyword()
        council_names = Text(
            analyzer=english, search_analyzer=english_search, fields={"raw": Keyword()}
        )
        council_types = Keyword()
        nations = Keyword()
        tags = Text(
            analyzer=english,
            search_analyzer=english_search,
            fields={"keyword": Keyword(ignore_above=200)},
        )
        services = Keyword()
        boost = Float()
        fingerprint = Keyword(index=False)
        indexed_at = Date()
        title_suggest = Completion(
            analyzer=plain,
            contexts=[{"name": "access", "type": "category", "path": "access"}],
        )

        class Index:
            name = "hub-documents"  # replaced per index by the backend

    return HubDocument


def index_name(prefix: str) -> str:
    """A new concrete index name: ``<prefix>-documents-<UTC timestamp>``."""
    return f"{prefix}-documents-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


def read_alias(prefix: str) -> str:
    return f"{prefix}-documents"


def write_alias(prefix: str) -> str:
    return f"{prefix}-documents-write"
