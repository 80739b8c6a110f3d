"""Elasticsearch 8 backend, through elasticsearch-dsl.

Queries are built only from structured clauses (``match``, ``multi_match``, ``match_phrase``,
``terms``): user text is never parsed as Lucene syntax. Permissions are a ``terms`` filter on
``access`` inside the query, so hits, facet aggregations, autocomplete (a completion context)
and more-like-this all see only what the viewer may see.

Writes carry an external version (the time the document was built), so when a rebuild and
the outbox worker write the same document, the newer one wins whatever the order.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import chain

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import Index, Q, Search

from search import documents as es_documents
from search.backends.base import (
    MARK_END,
    MARK_START,
    BackendUnavailable,
    Hit,
    SearchBackend,
    SearchRequest,
    SearchResults,
    document_values,
    fingerprint,
    marked_html,
    plain_snippet,
    strip_marks,
    vocabulary_scope,
)
from search.facets import FACETS
from search.query import words_in
from search.registry import MEMBERS, PUBLIC, SearchDocument, entity_types

logger = logging.getLogger(__name__)

# Facet name -> the keyword field aggregated and filtered (declared in search.facets).
ES_FIELDS = {name: spec.es_field for name, spec in FACETS.items()}
TEXT_FIELDS = ["title^3", "body", "author_name^2", "council_names^1.5", "tags^2"]
WELSH_FIELDS = ["title.cy^3", "body.cy"]
FUZZINESS = "AUTO:5,8"
FUZZY_BOOST = 0.5
COORDINATION_BOOST = 10.0  # per query word matched: dominates BM25, which breaks ties
BM25_WEIGHT = 0.25  # BM25 x type boost, scaled below one coordination step
# Entity pages (councils, people, groups): up when every query word is in the title (the query
# names them), down when they only share a common word ("county", "digital").
NAMED_ENTITY_WEIGHT = 3.0
UNNAMED_ENTITY_WEIGHT = 0.3
FACET_LIMIT = 30
MAX_RESULT_WINDOW = 10_000
# Bulk writes: chunks of this many actions, this many requests in flight (``_send``).
BULK_CHUNK = 250
BULK_THREADS = 2
UNAVAILABLE = (
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.TransportError,
    es_exceptions.ApiError,
)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, *, url: str, prefix: str, replicas: int = 0):
        self.url = url
        self.prefix = prefix
        self.replicas = replicas
        self.client = Elasticsearch(url, request_timeout=15, max_retries=1, retry_on_timeout=False)
        self.read_alias = es_documents.read_alias(prefix)
        self.write_alias = es_documents.write_alias(prefix)
        self._supported: dict[str, bool] | None = None

    # --- index management --------------------------------------------------------------
    @property
    def supported(self) -> dict[str, bool]:
        """Analysis filters the cluster has. A missing one is fatal unless a test setting
        (``SEARCH_ALLOW_REDUCED_ANALYSIS``) allows plain matching instead."""
        if self._supported is None:
            supported = es_documents.analysis_chain(self.client)
            missing = [k for k, ok in supported.items() if not ok]
            if missing and not getattr(settings, "SEARCH_ALLOW_REDUCED_ANALYSIS", False):
                raise ImproperlyConfigured(
                    f"Elasticsearch at {self.url} lacks the analysis components {missing} "
                    "(the analysis-common module: english stemmer, stop words, synonyms). Run "
                    "the official Elasticsearch image, or install the module; only test "
                    "settings may set SEARCH_ALLOW_REDUCED_ANALYSIS to search without them."
                )
            if missing:
                logger.warning("Elasticsearch lacks analysis filters %s; degrading", missing)
            self._supported = supported
        return self._supported

    def verify_analysis(self) -> None:
        """Fail loudly (``ImproperlyConfigured``) when analysis components are missing;
        ``BackendUnavailable`` when Elasticsearch cannot be reached. For start-up commands."""
        try:
            self.supported  # noqa: B018 - probes and raises
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error

    def _create_index(self, name: str) -> None:
        index = Index(name)
        index.settings(number_of_shards=1, number_of_replicas=self.replicas)
        index.document(es_documents.document_class(self.supported))
        self.client.indices.create(index=name, **index.to_dict())

    def _indices_for(self, alias: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias).keys())
        except es_exceptions.NotFoundError:
            return []

    def ensure_index(self) -> list[str]:
        """The concrete indices behind the write alias, creating the first index if none."""
        targets = self._indices_for(self.write_alias)
        if targets:
            return targets
        name = es_documents.index_name(self.prefix)
        self._create_index(name)
        self.client.indices.update_aliases(
            actions=[
                {"add": {"index": name, "alias": self.read_alias}},
                {"add": {"index": name, "alias": self.write_alias}},
            ]
        )
        return [name]

    def index_ready(self) -> bool:
        """True when the read alias points at an index a full rebuild completed.

        An index the worker created on its first write (``ensure_index``) holds only what
        changed since, so it does not count: ``search_reindex --if-missing`` builds a full one.
        Raises ``BackendUnavailable`` when Elasticsearch cannot be reached.
        """
        try:
            names = self._indices_for(self.read_alias)
            if not names:
                return False
            mappings = self.client.indices.get_mapping(index=names)
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        return all(
            (m.get("mappings", {}).get("_meta") or {}).get("complete") for m in mappings.values()
        )

    def drop(self) -> None:
        """Delete every index of this prefix (tests and benchmarks only)."""
        names = set(self._indices_for(self.read_alias)) | set(self._indices_for(self.write_alias))
        pattern = f"{self.prefix}-documents-*"
        with contextlib.suppress(es_exceptions.NotFoundError):
            names |= set(self.client.indices.get(index=pattern).keys())
        for name in names:
            self.client.indices.delete(index=name, ignore_unavailable=True)

    # --- writing -------------------------------------------------------------------------
    def _source(self, document: SearchDocument) -> dict:
        values = document_values(document)
        scope = vocabulary_scope(document.access)
        title = strip_marks(document.title)
        words = title.split()
        # Completion matches from the start of an input, so also offer the title from each of
        # its first few words: "collection" completes to "Bin collection days".
        inputs = [" ".join(words[i:]) for i in range(min(len(words), 5))] or [title]
        return {
            "doc_id": document.doc_id,
            "source": document.source,
            "doc_type": document.doc_type,
            "title": title,
            "body": strip_marks(document.body),
            # "Did you mean" vocabularies: anonymous visitors are offered words of public
            # documents only (``vocab``), members those of public and members documents.
            "vocab": f"{title} {document.body}" if scope == PUBLIC else "",
            "vocab_members": f"{title} {document.body}" if scope is not None else "",
            "url": document.url,
            "context": document.context,
            "access": list(dict.fromkeys(document.access)),
            "created_at": document.created_at,
            "updated_at": document.updated_at,
            "author_name": document.author_name,
            "author_handle": document.author_handle or None,
            "council_slugs": values["council"],
            "council_names": list(document.council_names),
            "council_types": values["council_type"],
            "nations": values["nation"],
            "tags": values["tag"],
            "services": values["service"],
            "boost": document.boost,
            "language": document.language,
            "fingerprint": fingerprint(document),
            "indexed_at": datetime.now(UTC),
            # Comments are titled "Comment" (their context is shown, not matched): not
            # worth completing.
            "title_suggest": {
                "input": [i[:200] for i in inputs if i] if not document.context else [],
                "weight": max(1, int(document.boost * 10)),
                "contexts": {"access": list(dict.fromkeys(document.access))},
            },
        }

    def _send(self, actions: Iterable[dict], **params) -> list[dict]:
        """Send bulk actions; returns the item errors that matter (an older external version,
        409, means a newer write won; deleting what is already gone, 404, is fine).

        ``parallel_bulk``: ``BULK_THREADS`` requests of ``BULK_CHUNK`` actions in flight while
        this thread builds the next chunk from the (lazy) ``actions``, so building sources
        overlaps Elasticsearch's indexing.
        """
        errors = []
        try:
            for ok, item in helpers.parallel_bulk(
                self.client,
                actions,
                thread_count=BULK_THREADS,
                chunk_size=BULK_CHUNK,
                queue_size=BULK_THREADS,
                raise_on_error=False,
                raise_on_exception=True,
                **params,
            ):
                if not ok:
                    errors.append(item)
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        return [
            e
            for e in errors
            if next(iter(e.values())).get("status") != 409
            and not (next(iter(e.values())).get("status") == 404 and "delete" in e)
        ]

    def _bulk(self, actions: Iterable[dict], **params) -> None:
        errors = self._send(actions, **params)
        if errors:
            raise BackendUnavailable(f"{len(errors)} bulk errors, first: {errors[0]}")

    @staticmethod
    def _alias_refused(error: dict) -> bool:
        """The write alias could not take the write: it points at two indices (a rebuild is
        filling a new one) or does not exist yet (``require_alias`` stops auto-creation)."""
        detail = next(iter(error.values())).get("error") or {}
        text = f"{detail.get('type', '')} {detail.get('reason', '')}"
        return "write index" in text or "require_alias" in text

    def _stale(self, sources: list[str], keep: set[str]) -> list[tuple[str, str]]:
        """(index, id) of indexed documents of ``sources`` not in ``keep``, in every index
        behind the write alias (one search; a missing alias has none)."""
        if not sources:
            return []
        try:
            response = self.client.search(
                index=self.write_alias,
                query={"terms": {"source": sources}},
                source=False,
                size=MAX_RESULT_WINDOW,
                track_total_hits=False,
            )
        except es_exceptions.NotFoundError:
            return []
        return [(h["_index"], h["_id"]) for h in response["hits"]["hits"] if h["_id"] not in keep]

    @staticmethod
    def _index_action(index: str, doc_id: str, source: dict, version: int) -> dict:
        return {
            "_op_type": "index",
            "_index": index,
            "_id": doc_id,
            "version": version,
            "version_type": "external",
            "_source": source,
        }

    def replace(self, sources: Iterable[str], documents: list[SearchDocument]) -> None:
        """One stale-document search and one bulk request in the usual case.

        Documents are written through the write alias (``require_alias``, so Elasticsearch
        never auto-creates an index of that name). While a rebuild fills a second index, or
        before the first index exists, Elasticsearch refuses that; then they are written to
        each concrete index behind the alias (creating the first one if there is none).
        """
        sources = list(dict.fromkeys(sources))
        version = time.time_ns()
        try:
            stale = self._stale(sources, {d.doc_id for d in documents})
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        deletes = [
            {"_op_type": "delete", "_index": index, "_id": doc_id, "version": version,
             "version_type": "external"}
            for index, doc_id in stale
        ]  # fmt: skip

        def writes(targets: list[str]) -> Iterator[dict]:
            for document in documents:  # built lazily, while earlier chunks are indexed
                source = self._source(document)
                for target in targets:
                    yield self._index_action(target, document.doc_id, source, version)

        errors = self._send(chain(deletes, writes([self.write_alias])), require_alias=True)
        refused = [e for e in errors if self._alias_refused(e)]
        if len(refused) < len(errors):
            real = [e for e in errors if not self._alias_refused(e)]
            raise BackendUnavailable(f"{len(real)} bulk errors, first: {real[0]}")
        if refused:
            try:
                targets = self.ensure_index()
            except UNAVAILABLE as error:
                raise BackendUnavailable(str(error)) from error
            self._bulk(writes(targets))

    def delete_doc_ids(self, doc_ids: Iterable[str]) -> None:
        version = time.time_ns()
        try:
            targets = self.ensure_index()
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        self._bulk(
            [
                {
                    "_op_type": "delete",
                    "_index": index,
                    "_id": doc_id,
                    "version": version,
                    "version_type": "external",
                }
                for index in targets
                for doc_id in doc_ids
            ]
        )

    def rebuild(self, documents: Iterator[SearchDocument], total: int, progress=None) -> int:
        """Build a new index beside the live one, then swap both aliases in one request.

        While it builds, the new index is also behind the write alias, so the outbox worker
        keeps both up to date; external versions stop an older snapshot overwriting a newer
        document. The live index serves every search until the swap and is deleted after it.
        """
        old = sorted(
            set(self._indices_for(self.read_alias)) | set(self._indices_for(self.write_alias))
        )
        name = es_documents.index_name(self.prefix)
        self._create_index(name)
        self.client.indices.put_settings(index=name, settings={"refresh_interval": "-1"})
        self.client.indices.update_aliases(
            actions=[{"add": {"index": name, "alias": self.write_alias}}]
        )
        count = 0

        def actions():
            nonlocal count
            for document in documents:
                count += 1
                yield {
                    "_op_type": "index",
                    "_index": name,
                    "_id": document.doc_id,
                    "version": time.time_ns(),
                    "version_type": "external",
                    "_source": self._source(document),
                }

        try:
            for ok, item in helpers.streaming_bulk(
                self.client, actions(), chunk_size=1000, raise_on_error=False
            ):
                if not ok and next(iter(item.values())).get("status") != 409:
                    raise BackendUnavailable(f"rebuild failed: {item}")
                if progress:
                    progress(1)
            self.client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
            self.client.indices.refresh(index=name)
            # Marks a fully built index (see ``index_ready``); _meta needs no extra module.
            self.client.indices.put_mapping(index=name, meta={"complete": True, "documents": count})
        except Exception:
            # Leave the live index untouched; drop the half-built one.
            self.client.indices.update_aliases(
                actions=[{"remove": {"index": name, "alias": self.write_alias}}]
            )
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        swap = [{"add": {"index": name, "alias": self.read_alias}}]
        for index in old:
            swap.append({"remove": {"index": index, "alias": self.read_alias}})
            swap.append({"remove": {"index": index, "alias": self.write_alias}})
        # Aliases that do not exist on an old index would fail the whole request.
        existing_read = set(self._indices_for(self.read_alias))
        existing_write = set(self._indices_for(self.write_alias))
        swap = [
            a
            for a in swap
            if "add" in a
            or (a["remove"]["alias"] == self.read_alias and a["remove"]["index"] in existing_read)
            or (a["remove"]["alias"] == self.write_alias and a["remove"]["index"] in existing_write)
        ]
        self.client.indices.update_aliases(actions=swap)
        for index in old:
            if index != name:
                self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    def refresh(self) -> None:
        with contextlib.suppress(es_exceptions.NotFoundError):
            self.client.indices.refresh(index=self.write_alias)

    def clear(self) -> None:
        # delete_by_query lives in the reindex module, which minimal clusters lack; dropping
        # the indices is simpler and the next write creates a fresh one behind the aliases.
        self.drop()

    def indexed_fingerprints(self) -> dict[str, tuple[str, str]]:
        try:
            return {
                hit["_id"]: (
                    hit["_source"].get("source", ""),
                    hit["_source"].get("fingerprint", ""),
                )
                for hit in helpers.scan(
                    self.client,
                    index=self.read_alias,
                    query={"query": {"match_all": {}}},
                    _source=["source", "fingerprint"],
                )
            }
        except es_exceptions.NotFoundError:
            return {}

    def status(self) -> dict:
        info = {"backend": self.name, "url": self.url}
        try:
            info["read_alias"] = {self.read_alias: self._indices_for(self.read_alias)}
            info["write_alias"] = {self.write_alias: self._indices_for(self.write_alias)}
            info["analysis"] = {k: "ok" if v else "MISSING" for k, v in self.supported.items()}
            # "no" means the worker started this index: search_reindex --if-missing completes it.
            info["fully_built"] = "yes" if self.index_ready() else "no"
            info["documents"] = self.client.count(index=self.read_alias)["count"]
        except es_exceptions.NotFoundError:
            info["documents"] = 0
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        return info

    # --- reading -------------------------------------------------------------------------
    def _filters(self, request: SearchRequest, skip_field: str | None = None) -> list:
        filters = []
        for name, values in request.filters.items():
            if name == skip_field or name not in ES_FIELDS or not values:
                continue
            filters.append(Q("terms", **{ES_FIELDS[name]: list(values)}))
        return filters

    def _base_filters(self, request: SearchRequest) -> list:
        filters = [Q("terms", access=sorted(request.access_keys))]
        if request.date_from or request.date_to:
            bounds = {}
            if request.date_from:
                bounds["gte"] = request.date_from.isoformat()
            if request.date_to:
                bounds["lte"] = request.date_to.isoformat()
            filters.append(Q("range", created_at=bounds))
        return filters

    def _text_query(self, request: SearchRequest):
        query = request.query
        required = []
        for clause in query.clauses:
            if clause.required:
                phrase = " ".join(clause.primary)
                required.append(
                    Q("multi_match", query=phrase, type="phrase", fields=["title^3", "body"])
                )
        should, relevance = [], []
        if query.words:
            text = query.free_text
            relevance += [
                # Exact (stemmed, synonym-expanded) matches across every text field.
                Q("multi_match", query=text, fields=TEXT_FIELDS, type="most_fields"),
                # Welsh documents through the Welsh analyser too (stop words, every mutated
                # form of a lexicon word; search.welsh). English documents are not touched.
                Q(
                    "bool",
                    filter=[Q("term", language="cy")],
                    must=[Q("multi_match", query=text, fields=WELSH_FIELDS)],
                ),
                # Words together in order rank above the same words scattered.
                Q("multi_match", query=text, fields=["title^3", "body"], type="phrase", slop=2),
            ]
            # Coordination, as on the database backends: documents matching more of the
            # question's words (or synonyms) rank higher; a word matched only through a typo
            # correction counts a fraction.
            for clause in query.clauses:
                if clause.required:
                    continue
                typed = " ".join(clause.primary)
                should.append(
                    Q(
                        "constant_score",
                        filter=Q("multi_match", query=typed, fields=TEXT_FIELDS),
                        boost=COORDINATION_BOOST,
                    )
                )
                if request.fuzzy and len(clause.primary) == 1 and len(typed) >= 5:
                    should.append(
                        Q(
                            "constant_score",
                            filter=Q(
                                "multi_match",
                                query=typed,
                                fields=["title.plain", "body.plain"],
                                fuzziness=FUZZINESS,
                                prefix_length=1,
                                max_expansions=10,
                            ),
                            boost=COORDINATION_BOOST * FUZZY_BOOST,
                        )
                    )
            if request.fuzzy:
                # Typo tolerance on the unstemmed words only (a stem like "websit" must not
                # reach "west"), scaled with length: none below 5 characters, one edit up to
                # 7, two from 8; at a fraction of an exact match's weight, so exact and
                # stemmed matches always rank first.
                relevance.append(
                    Q(
                        "multi_match",
                        query=text,
                        fields=["title.plain^3", "body.plain"],
                        fuzziness=FUZZINESS,
                        prefix_length=1,
                        max_expansions=10,
                        boost=FUZZY_BOOST,
                    )
                )
            # BM25 scaled by the type's boost; coordination stays unscaled (as on PostgreSQL,
            # where the boost multiplies ts_rank only), so a boosted type cannot outrank a
            # document that matches more of the question.
            should.append(
                Q(
                    "function_score",
                    query=Q("bool", should=relevance),
                    field_value_factor={"field": "boost", "missing": 1.0},
                    boost_mode="multiply",
                    boost=BM25_WEIGHT,
                )
            )
        if not required and not should:
            return None
        return Q(
            "bool",
            must=required,
            should=should,
            minimum_should_match=0 if required else 1,
        )

    @staticmethod
    def _entity_functions(request: SearchRequest) -> list[dict]:
        entities = sorted(entity_types())
        if not entities:
            return []
        is_entity = Q("terms", doc_type=entities)
        if not request.query.words:
            return [{"filter": is_entity.to_dict(), "weight": UNNAMED_ENTITY_WEIGHT}]
        named = Q(
            "bool",
            filter=[
                is_entity,
                Q(
                    "match",
                    title={
                        "query": request.query.free_text,
                        "operator": "and",
                        "fuzziness": FUZZINESS,  # "Priya Ramen" still names Priya Raman
                        "prefix_length": 1,
                    },
                ),
            ],
        )
        unnamed = Q("bool", filter=[is_entity], must_not=[named])
        return [
            {"filter": named.to_dict(), "weight": NAMED_ENTITY_WEIGHT},
            {"filter": unnamed.to_dict(), "weight": UNNAMED_ENTITY_WEIGHT},
        ]

    def term_counts(self, words: list[str], access_keys: frozenset[str]) -> dict[str, int]:
        words = list(dict.fromkeys(words))
        if not words:
            return {}
        search = (
            Search(using=self.client, index=self.read_alias)
            .filter("terms", access=sorted(access_keys))
            .extra(size=0, track_total_hits=False)
        )
        search.aggs.bucket(
            "words",
            "filters",
            filters={
                str(i): Q("multi_match", query=w, fields=TEXT_FIELDS).to_dict()
                for i, w in enumerate(words)
            },
        )
        response = self._run(search)
        if response is None:
            return dict.fromkeys(words, 0)
        buckets = response.aggregations["words"]["buckets"]
        return {w: buckets[str(i)]["doc_count"] for i, w in enumerate(words)}

    def _run(self, search: Search):
        try:
            return search.execute()
        except es_exceptions.NotFoundError:
            return None
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error

    def build_search(self, request: SearchRequest) -> Search:
        """The complete request body for a search (the benchmark sends it raw, too)."""
        text_query = self._text_query(request)
        base = Q("bool", filter=self._base_filters(request))
        if request.exclude_sources:
            base = base & ~Q("terms", source=list(request.exclude_sources))
        if text_query is not None:
            scored = Q(
                "function_score",
                query=Q("bool", must=[text_query], filter=self._base_filters(request)),
                functions=self._entity_functions(request) or [{"weight": 1.0}],
                score_mode="multiply",
                boost_mode="multiply",
            )
            query = scored if not request.exclude_sources else scored & base
        else:
            query = base
        search = Search(using=self.client, index=self.read_alias).query(query)
        post_filters = self._filters(request)
        if post_filters:
            search = search.post_filter(Q("bool", filter=post_filters))
        if request.with_facets:
            for name, field in ES_FIELDS.items():
                others = self._filters(request, skip_field=name)
                bucket = search.aggs.bucket(
                    name, "filter", filter=Q("bool", filter=others) if others else Q("match_all")
                )
                bucket.bucket("values", "terms", field=field, size=FACET_LIMIT)
        if request.sort == "newest" or text_query is None:
            search = search.sort({"created_at": {"order": "desc", "missing": "_last"}}, "_score")
        else:
            search = search.sort("_score", {"created_at": {"order": "desc", "missing": "_last"}})
        start = (request.page - 1) * request.per_page
        search = (
            search.extra(from_=start, size=request.per_page, track_total_hits=True)
            .highlight_options(
                pre_tags=[MARK_START],
                post_tags=[MARK_END],
                fragment_size=160,
                number_of_fragments=2,
                no_match_size=0,
            )
            .highlight("body")
            .source(excludes=["vocab", "vocab_members", "title_suggest", "body"])
        )
        if request.query.words and text_query is not None:
            search = search.suggest(
                "spelling",
                request.query.free_text,
                term={
                    "field": "vocab_members" if MEMBERS in request.access_keys else "vocab",
                    "suggest_mode": "missing",
                    "min_word_length": 4,
                },
            )
        return search

    def search(self, request: SearchRequest) -> SearchResults:
        response = self._run(self.build_search(request))
        if response is None:
            return SearchResults(hits=[], total=0, page=request.page, per_page=request.per_page)
        hits = [self._hit(h) for h in response.hits]
        facets = {}
        if request.with_facets:
            for name in ES_FIELDS:
                buckets = response.aggregations[name]["values"]["buckets"]
                facets[name] = [(b["key"], b["doc_count"]) for b in buckets]
        return SearchResults(
            hits=hits,
            total=response.hits.total.value,
            facets=facets,
            suggestion=self._suggestion(request, response),
            page=request.page,
            per_page=request.per_page,
        )

    def _suggestion(self, request: SearchRequest, response) -> str:
        suggest = getattr(response, "suggest", None)
        if not suggest or "spelling" not in suggest:
            return ""
        replacements = {}
        for entry in suggest["spelling"]:
            if entry["options"]:
                replacements[entry["text"]] = entry["options"][0]["text"]
        if not replacements:
            return ""
        return " ".join(replacements.get(w, w) for w in words_in(request.query.text))

    def _hit(self, hit) -> Hit:
        data = hit.to_dict() if hasattr(hit, "to_dict") else dict(hit)
        highlight = getattr(hit.meta, "highlight", None) if hasattr(hit, "meta") else None
        fragments = list(getattr(highlight, "body", []) or []) if highlight else []
        snippet = (
            marked_html(" … ".join(fragments))
            if fragments
            else marked_html(plain_snippet(data.get("body", "")))
        )
        created = data.get("created_at")
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        return Hit(
            doc_id=data.get("doc_id", ""),
            doc_type=data.get("doc_type", ""),
            title=data.get("title", ""),
            snippet_html=snippet,
            url=data.get("url", ""),
            context=data.get("context", "") or "",
            source=data.get("source", ""),
            created_at=created,
            author_name=data.get("author_name", "") or "",
            author_handle=data.get("author_handle", "") or "",
            council_names=list(data.get("council_names") or []),
            score=float(getattr(hit.meta, "score", 0) or 0) if hasattr(hit, "meta") else 0.0,
        )

    def autocomplete(self, prefix: str, access_keys: frozenset[str], limit: int) -> list[Hit]:
        prefix = " ".join(prefix.split())[:100]
        if not prefix:
            return []
        search = (
            Search(using=self.client, index=self.read_alias)
            .suggest(
                "titles",
                prefix,
                completion={
                    "field": "title_suggest",
                    "size": limit,
                    "skip_duplicates": True,
                    "contexts": {"access": sorted(access_keys)},
                },
            )
            .source(excludes=["vocab", "vocab_members", "title_suggest"])
            .extra(size=0)
        )
        response = self._run(search)
        if response is None:
            return []
        hits, seen = [], set()
        for option in response.suggest["titles"][0]["options"]:
            source = option["_source"].to_dict()
            if source["doc_id"] in seen:
                continue
            seen.add(source["doc_id"])
            hits.append(self._hit_from_source(source))
        return hits

    def _hit_from_source(self, source: dict) -> Hit:
        created = source.get("created_at")
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        return Hit(
            doc_id=source.get("doc_id", ""),
            doc_type=source.get("doc_type", ""),
            title=source.get("title", ""),
            snippet_html=marked_html(plain_snippet(source.get("body", ""))),
            url=source.get("url", ""),
            context=source.get("context", "") or "",
            source=source.get("source", ""),
            created_at=created,
            author_name=source.get("author_name", "") or "",
            author_handle=source.get("author_handle", "") or "",
            council_names=list(source.get("council_names") or []),
        )

    def related(
        self, source: str, access_keys: frozenset[str], limit: int, exclude: tuple[str, ...] = ()
    ) -> list[Hit]:
        try:
            own = self.client.search(
                index=self.read_alias,
                query={"term": {"source": source}},
                source=False,
                size=20,
                track_total_hits=False,
            )
        except es_exceptions.NotFoundError:
            return []
        except UNAVAILABLE as error:
            raise BackendUnavailable(str(error)) from error
        like = [{"_index": h["_index"], "_id": h["_id"]} for h in own["hits"]["hits"]]
        if not like:
            return []
        query = Q(
            "bool",
            must=[
                Q(
                    "more_like_this",
                    fields=["title", "body"],
                    like=like,
                    min_term_freq=1,
                    min_doc_freq=1,
                    max_query_terms=25,
                    minimum_should_match="10%",
                )
            ],
            filter=[Q("terms", access=sorted(access_keys))],
            must_not=[Q("terms", source=[source, *exclude])],
        )
        # Titles only (search/related.html): no body to build snippets from, no total count,
        # no highlighting and no aggregations.
        search = (
            Search(using=self.client, index=self.read_alias)
            .query(query)
            .source(excludes=["vocab", "vocab_members", "title_suggest", "body"])
            .extra(size=limit, track_total_hits=False)
        )
        response = self._run(search)
        return [self._hit(h) for h in response.hits] if response is not None else []
