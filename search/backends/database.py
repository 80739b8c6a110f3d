"""Search inside the database: PostgreSQL full-text search, or SQLite FTS5 for ``make run``.

Documents are stored denormalised in ``SearchEntry`` with their access keys and facet values
in ``SearchFacet`` rows, so permissions, filters and facet counts are all SQL conditions on
the same query that finds the hits. Synonyms are expanded by the query parser
(``search.query``); typo tolerance comes from a vocabulary of widely visible words
(``SearchWord``): trigram similarity on PostgreSQL, a small edit-distance scan on SQLite.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.contrib.postgres.search import SearchQuery as PgQuery
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Length, RowNumber

from search.backends.base import (
    FACET_FIELDS,
    MARK_END,
    MARK_START,
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
from search.models import SearchEntry, SearchFacet, SearchWord
from search.query import QUESTION_WORDS, Clause, ParsedQuery, words_in
from search.registry import MEMBERS, PUBLIC, SearchDocument

CONFIG = "english"
# SQLite keeps at most this many best FTS5 matches before permission and facet filtering;
# the embedded backend is meant for one council's worth of content, not a national corpus.
SQLITE_CANDIDATES = 5000
FACET_LIMIT = 30
FUZZY_ALTERNATIVES = 3


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _vocabulary_words(documents: Iterable[SearchDocument]) -> set[tuple[str, str]]:
    """(word, scope) pairs: "public" for documents anyone may see, else "members"."""
    words: set[tuple[str, str]] = set()
    for document in documents:
        scope = vocabulary_scope(document.access)
        if scope is None:
            continue
        for word in words_in(f"{document.title} {document.body}"):
            if 3 <= len(word) <= 30 and word.isalpha() and word not in QUESTION_WORDS:
                words.add((word, scope))
    return words


def _viewer_scopes(access_keys: Iterable[str]) -> list[str]:
    """The vocabulary scopes a viewer may be offered words from."""
    keys = set(access_keys)
    return [scope for scope in (PUBLIC, MEMBERS) if scope in keys]


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- writing -------------------------------------------------------------------------
    def replace(self, sources: Iterable[str], documents: list[SearchDocument]) -> None:
        sources = list(dict.fromkeys(sources))
        doc_ids = [d.doc_id for d in documents]
        with transaction.atomic():
            SearchEntry.objects.filter(Q(source__in=sources) | Q(doc_id__in=doc_ids)).delete()
            self._insert(documents)

    def _insert(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        unique = list({d.doc_id: d for d in documents}.values())
        entries = SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    doc_id=d.doc_id,
                    source=d.source,
                    doc_type=d.doc_type,
                    title=strip_marks(d.title),
                    body=strip_marks(d.body),
                    url=d.url,
                    created_at=d.created_at,
                    updated_at=d.updated_at,
                    author_name=d.author_name,
                    author_handle=d.author_handle,
                    council_names=list(d.council_names),
                    boost=d.boost,
                    fingerprint=fingerprint(d),
                )
                for d in unique
            ]
        )
        if any(e.pk is None for e in entries):  # backends without RETURNING
            by_id = dict(
                SearchEntry.objects.filter(doc_id__in=[d.doc_id for d in unique]).values_list(
                    "doc_id", "pk"
                )
            )
            for entry in entries:
                entry.pk = by_id[entry.doc_id]
        facets = []
        for entry, document in zip(entries, unique, strict=True):
            for key in dict.fromkeys(document.access):
                facets.append(SearchFacet(entry_id=entry.pk, field="access", value=key[:255]))
            for name, values in document_values(document).items():
                facets.extend(
                    SearchFacet(entry_id=entry.pk, field=name, value=v[:255]) for v in values
                )
        SearchFacet.objects.bulk_create(facets)
        if _is_postgres():
            SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
                search_vector=SearchVector("title", weight="A", config=CONFIG)
                + SearchVector("author_name", weight="C", config=CONFIG)
                + SearchVector("body", weight="B", config=CONFIG)
            )
        words = _vocabulary_words(unique)
        if words:
            SearchWord.objects.bulk_create(
                [SearchWord(word=w, scope=scope) for w, scope in sorted(words)],
                ignore_conflicts=True,
                batch_size=1000,
            )

    def delete_doc_ids(self, doc_ids: Iterable[str]) -> None:
        SearchEntry.objects.filter(doc_id__in=list(doc_ids)).delete()

    def rebuild(self, documents: Iterator[SearchDocument], total: int, progress=None) -> int:
        # One transaction: readers see the old entries until the new ones commit (MVCC on
        # PostgreSQL, WAL snapshots on SQLite), so a rebuild never shows an empty index.
        count = 0
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            SearchWord.objects.all().delete()
            batch: list[SearchDocument] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= 500:
                    self._insert(batch)
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                self._insert(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
        return count

    def clear(self) -> None:
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()

    def indexed_fingerprints(self) -> dict[str, tuple[str, str]]:
        return {
            doc_id: (source, print_)
            for doc_id, source, print_ in SearchEntry.objects.values_list(
                "doc_id", "source", "fingerprint"
            ).iterator()
        }

    def status(self) -> dict:
        return {
            "backend": self.name,
            "engine": "PostgreSQL full-text search + pg_trgm"
            if _is_postgres()
            else "SQLite FTS5 (porter stemmer)",
            "documents": SearchEntry.objects.count(),
            "vocabulary": SearchWord.objects.count(),
        }

    # --- reading -------------------------------------------------------------------------
    def _visible(self, request: SearchRequest, skip_field: str | None = None):
        queryset = SearchEntry.objects.filter(
            Exists(
                SearchFacet.objects.filter(
                    entry=OuterRef("pk"), field="access", value__in=list(request.access_keys)
                )
            )
        )
        for name, values in request.filters.items():
            if name == skip_field or name not in FACET_FIELDS or not values:
                continue
            queryset = queryset.filter(
                Exists(
                    SearchFacet.objects.filter(entry=OuterRef("pk"), field=name, value__in=values)
                )
            )
        if request.date_from:
            queryset = queryset.filter(created_at__gte=request.date_from)
        if request.date_to:
            queryset = queryset.filter(created_at__lte=request.date_to)
        if request.exclude_sources:
            queryset = queryset.exclude(source__in=request.exclude_sources)
        return queryset

    def _fuzzy_alternatives(self, words: list[str], scopes: list[str]) -> dict[str, list[str]]:
        """Vocabulary words close to each query word the vocabulary does not contain.

        Only words of the ``scopes`` the viewer may see are considered (see ``SearchWord``).
        """
        candidates = [w for w in words if len(w) >= 4 and w.isalpha()]
        if not candidates or not scopes:
            return {}
        vocabulary = SearchWord.objects.filter(scope__in=scopes)
        known = set(vocabulary.filter(word__in=candidates).values_list("word", flat=True))
        unknown = [w for w in candidates if w not in known]
        if not unknown:
            return {}
        if _is_postgres():
            return self._similar_words_postgres(unknown, vocabulary)
        result: dict[str, list[str]] = {}
        for word in unknown:
            # Best effort on SQLite: same first letter, similar length, difflib ratio.
            pool = list(
                vocabulary.annotate(length=Length("word"))
                .filter(
                    word__startswith=word[0],
                    length__gte=len(word) - 2,
                    length__lte=len(word) + 2,
                )
                .values_list("word", flat=True)[:5000]
            )
            similar = difflib.get_close_matches(word, pool, n=FUZZY_ALTERNATIVES, cutoff=0.75)
            if similar:
                result[word] = similar
        return result

    @staticmethod
    def _similar_words_postgres(words: list[str], vocabulary) -> dict[str, list[str]]:
        """Trigram neighbours of every word in one round trip (a UNION ALL of per-word tops)."""
        parts = [
            vocabulary.filter(word__trigram_similar=word)
            .annotate(
                similarity=TrigramSimilarity("word", word),
                asked=Value(word, output_field=CharField()),
            )
            .filter(similarity__gte=0.35)
            .order_by("-similarity", "word")
            .values_list("asked", "word", "similarity")[: FUZZY_ALTERNATIVES * 2]
            for word in words
        ]
        rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
        result: dict[str, list[str]] = {}
        for asked, word, _ in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
            found = result.setdefault(asked, [])
            if word not in found and len(found) < FUZZY_ALTERNATIVES:
                found.append(word)  # a word may be in both scopes
        return result

    def _clauses(self, query: ParsedQuery, fuzzy: dict[str, list[str]]) -> list[Clause]:
        clauses = []
        for clause in query.clauses:
            alternatives = list(clause.alternatives)
            if len(clause.primary) == 1 and clause.primary[0] in fuzzy:
                alternatives += [(w,) for w in fuzzy[clause.primary[0]]]
            clauses.append(Clause(tuple(alternatives), clause.required, clause.is_synonym))
        return clauses

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.query
        scopes = _viewer_scopes(request.access_keys)
        fuzzy = self._fuzzy_alternatives(query.words, scopes) if not query.is_empty else {}
        clauses = self._clauses(query, fuzzy)
        suggestion = ""
        if fuzzy:
            suggestion = " ".join(fuzzy.get(w, [w])[0] for w in words_in(query.text))
        if _is_postgres():
            results = self._search_postgres(request, clauses)
        else:
            results = self._search_sqlite(request, clauses)
        results.suggestion = suggestion if suggestion != " ".join(words_in(query.text)) else ""
        return results

    # PostgreSQL ------------------------------------------------------------------------
    @staticmethod
    def _pg_clause(clause: Clause) -> PgQuery:
        queries = [
            PgQuery(" ".join(alt), config=CONFIG, search_type="phrase" if len(alt) > 1 else "plain")
            for alt in clause.alternatives
        ]
        return reduce(lambda a, b: a | b, queries)

    def _search_postgres(self, request: SearchRequest, clauses: list[Clause]) -> SearchResults:
        queryset = self._visible(request)
        match = None
        if clauses:
            required = [self._pg_clause(c) for c in clauses if c.required]
            optional = [self._pg_clause(c) for c in clauses if not c.required]
            match = (
                reduce(lambda a, b: a & b, required)
                if required
                else reduce(lambda a, b: a | b, optional)
            )
            queryset = queryset.filter(search_vector=match)
        total = queryset.count() if request.with_total else None
        facets = self._facets(request, match) if request.with_facets else {}
        if match is not None and request.sort == "relevance":
            # Coordination first (documents matching more of the question rank higher),
            # then ts_rank scaled by the document type's boost.
            coordination = reduce(
                lambda a, b: a + b,
                [
                    Case(
                        When(search_vector=self._pg_clause(c), then=Value(1.0)),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                    for c in clauses
                ],
            )
            ordered = queryset.annotate(
                score=coordination + SearchRank(F("search_vector"), match) * F("boost")
            ).order_by("-score", F("created_at").desc(nulls_last=True), "pk")
        else:
            ordered = queryset.annotate(score=Value(0.0)).order_by(
                F("created_at").desc(nulls_last=True), "pk"
            )
        start = (request.page - 1) * request.per_page
        ranked = list(ordered.values_list("pk", "score")[start : start + request.per_page])
        page_ids = [pk for pk, _ in ranked]
        scores = dict(ranked)
        snippets: dict[int, str] = {}
        if page_ids and match is not None and request.with_snippets:
            snippets = dict(
                SearchEntry.objects.filter(pk__in=page_ids)
                .annotate(
                    headline=SearchHeadline(
                        "body",
                        match,
                        config=CONFIG,
                        start_sel=MARK_START,
                        stop_sel=MARK_END,
                        max_words=40,
                        min_words=15,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    )
                )
                .values_list("pk", "headline")
            )
        hits = self._page_hits(page_ids, scores, snippets, request.with_snippets)
        return SearchResults(
            hits=hits,
            total=len(hits) if total is None else total,
            facets=facets,
            page=request.page,
            per_page=request.per_page,
        )

    # SQLite ----------------------------------------------------------------------------
    @staticmethod
    def _fts_clause(clause: Clause) -> str:
        def quoted(alt: tuple[str, ...]) -> str:
            return '"' + " ".join(alt).replace('"', '""') + '"'

        return "(" + " OR ".join(quoted(alt) for alt in clause.alternatives) + ")"

    def _sqlite_candidates(self, clauses: list[Clause]) -> tuple[str, dict[int, float]]:
        required = [self._fts_clause(c) for c in clauses if c.required]
        optional = [self._fts_clause(c) for c in clauses if not c.required]
        expression = " AND ".join(required) if required else " OR ".join(optional)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(search_fts, 8.0, 1.0) FROM search_fts "
                "WHERE search_fts MATCH %s ORDER BY bm25(search_fts, 8.0, 1.0) LIMIT %s",
                [expression, SQLITE_CANDIDATES],
            )
            # bm25() is lower for better matches; flip it so larger is better.
            return expression, {rowid: -score for rowid, score in cursor.fetchall()}

    def _search_sqlite(self, request: SearchRequest, clauses: list[Clause]) -> SearchResults:
        queryset = self._visible(request)
        expression = ""
        scores: dict[int, float] = {}
        if clauses:
            expression, scores = self._sqlite_candidates(clauses)
            queryset = queryset.filter(pk__in=list(scores))
        facets = (
            self._facets(request, None, candidate_ids=list(scores) if clauses else None)
            if request.with_facets
            else {}
        )
        rows = list(queryset.values_list("pk", "boost", "created_at"))
        if clauses and request.sort == "relevance":
            rows.sort(key=lambda r: (-scores[r[0]] * r[1], -(r[2].timestamp() if r[2] else 0)))
        else:
            rows.sort(key=lambda r: (-(r[2].timestamp() if r[2] else 0), r[0]))
        total = len(rows)
        start = (request.page - 1) * request.per_page
        page_ids = [r[0] for r in rows[start : start + request.per_page]]
        snippets: dict[int, str] = {}
        if page_ids and expression and request.with_snippets:
            placeholders = ", ".join(["%s"] * len(page_ids))
            with connection.cursor() as cursor:
                # Only "%s" placeholders are formatted in; every value is a bound parameter.
                sql = f"SELECT rowid, snippet(search_fts, 1, %s, %s, ' … ', 32) FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({placeholders})"  # noqa: S608
                cursor.execute(sql, [MARK_START, MARK_END, expression, *page_ids])
                snippets = dict(cursor.fetchall())
        hits = self._page_hits(page_ids, scores, snippets, request.with_snippets)
        return SearchResults(
            hits=hits, total=total, facets=facets, page=request.page, per_page=request.per_page
        )

    # Shared ----------------------------------------------------------------------------
    def _facets(self, request: SearchRequest, match, candidate_ids=None) -> dict:
        """Counts per facet value; each field ignores its own filter (so checkboxes add up).

        Fields without a filter share one set of matching documents, so they are counted in
        one grouped query; each filtered field needs its own (at most 1 + filtered fields).
        """
        by_base: dict[str | None, list[str]] = {}
        for name in FACET_FIELDS:
            by_base.setdefault(name if request.filters.get(name) else None, []).append(name)
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
        for skip_field, names in by_base.items():
            base = self._visible(request, skip_field=skip_field)
            if match is not None:
                base = base.filter(search_vector=match)
            if candidate_ids is not None:
                base = base.filter(pk__in=candidate_ids)
            rows = (
                SearchFacet.objects.filter(field__in=names, entry__in=base.values("pk"))
                .values("field", "value")
                .annotate(count=Count("entry", distinct=True))
                .annotate(
                    rank=Window(
                        RowNumber(),
                        partition_by=[F("field")],
                        order_by=[F("count").desc(), F("value").asc()],
                    )
                )
                .filter(rank__lte=FACET_LIMIT)
                .order_by("field", "-count", "value")
            )
            for row in rows:
                facets[row["field"]].append((row["value"], row["count"]))
        return facets

    def _page_hits(
        self, page_ids: list[int], scores: dict, snippets: dict, with_snippets: bool
    ) -> list[Hit]:
        """Hits for ranked ids, in order. An entry deleted since it was ranked (its object was
        republished or removed by a concurrent write) is skipped, never a KeyError."""
        entries = SearchEntry.objects.all()
        if not with_snippets:
            entries = entries.defer("body", "search_vector")
        found = entries.in_bulk(page_ids)
        return [
            self._hit(found[pk], snippets.get(pk), scores.get(pk, 0.0), with_snippets)
            for pk in page_ids
            if pk in found
        ]

    @staticmethod
    def _hit(
        entry: SearchEntry, snippet: str | None, score: float, with_snippet: bool = True
    ) -> Hit:
        if not with_snippet:
            snippet_html = marked_html("")
        elif snippet:
            snippet_html = marked_html(snippet)
        else:
            snippet_html = marked_html(plain_snippet(entry.body))
        return Hit(
            doc_id=entry.doc_id,
            doc_type=entry.doc_type,
            title=entry.title,
            snippet_html=snippet_html,
            url=entry.url,
            source=entry.source,
            created_at=entry.created_at,
            author_name=entry.author_name,
            author_handle=entry.author_handle,
            council_names=list(entry.council_names or []),
            score=float(score or 0.0),
        )

    def autocomplete(self, prefix: str, access_keys: frozenset[str], limit: int) -> list[Hit]:
        prefix = " ".join(prefix.split())
        if not prefix:
            return []
        request = SearchRequest(query=ParsedQuery(text=""), access_keys=access_keys)
        entries = (
            self._visible(request)
            .filter(Q(title__istartswith=prefix) | Q(title__icontains=" " + prefix))
            .order_by("-boost", "title")[:limit]
        )
        return [self._hit(e, None, 0.0) for e in entries]

    def related(self, source: str, access_keys: frozenset[str], limit: int) -> list[Hit]:
        entries = list(SearchEntry.objects.filter(source=source).values_list("title", "body"))
        if not entries:
            return []
        counts: Counter[str] = Counter()
        for title, body in entries:
            for word in words_in(title):
                counts[word] += 3
            for word in words_in(body):
                counts[word] += 1
        terms = [
            w
            for w, _ in counts.most_common(60)
            if len(w) >= 4 and w.isalpha() and w not in QUESTION_WORDS
        ][:10]
        if not terms:
            return []
        query = ParsedQuery(
            text=" ".join(terms), clauses=[Clause(alternatives=((t,),)) for t in terms]
        )
        request = SearchRequest(
            query=query,
            access_keys=access_keys,
            per_page=limit,
            with_facets=False,
            with_total=False,
            with_snippets=False,
            exclude_sources=(source,),
        )
        if _is_postgres():
            return self._search_postgres(request, query.clauses).hits
        return self._search_sqlite(request, query.clauses).hits

    def refresh(self) -> None:
        """Database writes are visible on commit; nothing to do."""
