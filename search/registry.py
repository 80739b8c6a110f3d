"""What each kind of content contributes to search, described once per model.

Each app that has searchable content adds ``<app>/search_indexes.py`` that calls ``register()``
with a ``SearchAdapter`` subclass instance. ``SearchConfig.ready()`` imports every
``search_indexes`` module, so registering is the only step an app takes.

Permissions live in the documents, not in the views: every document carries ``access`` keys,
and a viewer matches a document when they hold at least one of its keys. The backends filter
on those keys inside the query, so hits and facet counts never include what a viewer may not
see. Content that nobody but its author or moderators may see (drafts, hidden posts) is not
indexed at all: ``documents()`` returns an empty list and the object's documents are removed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import translation

# Access keys. Anonymous visitors hold PUBLIC; signed-in members also hold MEMBERS and
# "user:<id>"; each adapter's ``viewer_keys`` adds keys such as "group:<id>" or "channel:<id>".
PUBLIC = "public"
MEMBERS = "members"


@dataclass
class SearchDocument:
    """One search hit's worth of content. Plain text only: snippets are escaped on display."""

    doc_id: str  # unique across the index, e.g. "post:12" or "standard_section:4:bin-days"
    doc_type: str  # short type name shown and faceted, e.g. "post", "message", "council"
    title: str
    body: str
    url: str  # the exact place: a post, a paragraph anchor, a message permalink
    # Shown after the title but never matched, e.g. a comment's post title: the post's words
    # must not rank its comments at title weight. Only the subject is stored; the adapter's
    # ``context_format`` adds the connecting words in the reader's language ('on “…”').
    context: str = ""
    access: list[str] = field(default_factory=lambda: [PUBLIC])
    created_at: datetime | None = None
    updated_at: datetime | None = None
    author_name: str = ""
    author_handle: str = ""
    council_slugs: list[str] = field(default_factory=list)
    council_names: list[str] = field(default_factory=list)
    council_types: list[str] = field(default_factory=list)  # CouncilType codes, e.g. "NMD"
    nations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)  # ServiceTopic slugs
    boost: float = 1.0  # relative weight of this type, e.g. standards above chat messages
    # What the text is written in ("en", "cy": hub.core.content_language); Elasticsearch also
    # analyses Welsh documents with its Welsh analyser (search.welsh).
    language: str = "en"
    source: str = ""  # filled in by the registry: "<model label>:<pk>" of the object


class SearchAdapter:
    """Describe one model's documents. Subclass and set ``model`` and ``doc_type``."""

    model: type[models.Model]
    doc_type: str
    type_label: str = ""  # human name for facets, e.g. _("Blog posts") (lazy: read per request)
    # Hits are shown in the reader's language, so nothing translatable is stored in the index:
    # ``hit_title`` (lazy) is shown instead of a document's stored title (a comment's stored
    # "Comment" is only matched), and ``context_format`` wraps its stored context, e.g.
    # _("on “%(subject)s”"). See ``present()``.
    hit_title: str = ""
    context_format: str = ""
    # A page about a named thing (a council, a person, a group): it ranks up when the query
    # names it (every query word is in its title) and down when it only shares common words.
    entity: bool = False
    # Lookup from the model to the user whose name its documents carry (e.g. "author_id"), so
    # renaming a member reindexes what they wrote (``search.outbox.index_authored_by``).
    author_lookup: str = ""

    def documents(self, instance: models.Model) -> list[SearchDocument]:
        """The documents for this object now; an empty list removes the object from search."""
        raise NotImplementedError

    def queryset(self) -> models.QuerySet:
        """Every object to index on a full rebuild, with what ``documents`` reads prefetched."""
        return self.model._default_manager.all()

    def related_exclusions(self, instance: models.Model) -> Iterable[str]:
        """Sources never listed as "related prior work" beside this object (e.g. comments on
        the same post: they are already on the page)."""
        return ()

    def viewer_keys(self, user) -> Iterable[str]:
        """Extra access keys this user holds for this kind of content (e.g. group memberships)."""
        return ()


_adapters: dict[str, SearchAdapter] = {}


def in_every_language(label) -> str:
    """A lazy label (a choice's) in each of the site's languages, for document text.

    "Unitary authority Awdurdod unedol": a query in either language finds it, snippets show the
    word the reader searched for, and the document does not depend on the language of the
    request that happened to index it.
    """
    words: list[str] = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = str(label)
        if text not in words:
            words.append(text)
    return " ".join(words)


def register(adapter: SearchAdapter) -> SearchAdapter:
    """Register an adapter for its model; the label is the model's ``app_label.modelname``."""
    _adapters[adapter.model._meta.label_lower] = adapter
    return adapter


def adapter_for(model_label: str) -> SearchAdapter | None:
    return _adapters.get(model_label)


def all_adapters() -> dict[str, SearchAdapter]:
    return dict(_adapters)


def source_key(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def documents_for(instance: models.Model) -> list[SearchDocument]:
    """The object's documents, each stamped with its source; [] if unregistered or hidden."""
    adapter = adapter_for(instance._meta.label_lower)
    if adapter is None:
        return []
    documents = adapter.documents(instance)
    for document in documents:
        document.source = source_key(instance)
    return documents


def related_exclusions(instance: models.Model) -> list[str]:
    adapter = adapter_for(instance._meta.label_lower)
    return list(adapter.related_exclusions(instance)) if adapter else []


def viewer_access_keys(user) -> set[str]:
    """Every access key the user holds; the backends match documents against these."""
    keys = {PUBLIC}
    if user is not None and user.is_authenticated:
        keys |= {MEMBERS, f"user:{user.pk}"}
        if user.is_staff:
            keys.add("staff")
        for adapter in _adapters.values():
            keys |= set(adapter.viewer_keys(user))
    return keys


def type_labels() -> dict[str, str]:
    """Human names of document types for facets and hits, from each adapter's ``type_label``.

    An adapter whose documents use more ``doc_type`` values than its own may list them in
    ``extra_type_labels`` (e.g. ``{"standard_comment": "Standard comments"}``).
    """
    labels: dict[str, str] = {}
    for adapter in _adapters.values():
        # Labels may be lazy translations: each is read in the language active now.
        labels[adapter.doc_type] = str(
            adapter.type_label or adapter.doc_type.replace("_", " ").capitalize()
        )
        extra = getattr(adapter, "extra_type_labels", {}) or {}
        labels.update({key: str(label) for key, label in extra.items()})
    return labels


def present(hits: Iterable) -> None:
    """Put hits (``search.backends.base.Hit``) in the language active now: the adapter's
    ``hit_title`` and ``context_format`` for their type (the index stores no interface text)."""
    by_type = {adapter.doc_type: adapter for adapter in _adapters.values()}
    for hit in hits:
        adapter = by_type.get(hit.doc_type)
        if adapter is None:
            continue
        if adapter.hit_title:
            hit.title = str(adapter.hit_title)
        if adapter.context_format and hit.context:
            hit.context = str(adapter.context_format) % {"subject": hit.context}


def entity_types() -> frozenset[str]:
    """Document types of entity pages (adapters with ``entity = True``)."""
    return frozenset(a.doc_type for a in _adapters.values() if a.entity)
