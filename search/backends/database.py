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
from django.db.models.expressions import RawSQL
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
from search.registry import MEMBERS, PUBLIC, SearchDocument, entity_types

# Text search configurations: English documents are stemmed ("collections" finds
# "collection"); Welsh ones (``language == "cy"``) use "simple" (lower-cased words, no English
# stemming or stop words), so a Welsh query matches Welsh words as written. Each document is
# matched, ranked and highlighted with its own configuration (decision 0181).
CONFIG = "english"
WELSH_CONFIG = "simple"
WELSH = "cy"
# SQLite: English documents in ``search_fts`` (porter stemmer), Welsh ones in
# ``search_fts_simple`` (no stemmer); triggers route each entry by its language (migration 0009).
FTS_TABLES = ("search_fts", "search_fts_simple")
# SQLite keeps at most this many best FTS5 matches before permission and facet filtering;
# the embedded backend is meant for one council's worth of content, not a national corpus.
SQLITE_CANDIDATES = 5000
SQLITE_VOCABULARY_SCAN = 50_000
# Entity pages (councils, people, groups) rank with these factors: up when the query names
# them (every query word in the title), down when they only share a common word.
NAMED_ENTITY_FACTOR = 2.0
UNNAMED_ENTITY_FACTOR = 0.4
FUZZY_CLAUSE_WEIGHT = 0.5  # a clause matched only through a typo correction counts half
FACET_LIMIT = 30
FUZZY_ALTERNATIVES = 3


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_matches(match: dict[str, PgQuery]) -> Q:
    """Entries matching ``{config: tsquery}``, each with the configuration it was indexed with."""
    return Q(language=WELSH, search_vector=match[WELSH_CONFIG]) | (
        ~Q(language=WELSH) & Q(search_vector=match[CONFIG])
    )


def _pg_by_language(make, **case) -> Case:
    """``make(config)`` for each entry's configuration (rank, headline)."""
    return Case(When(language=WELSH, then=make(WELSH_CONFIG)), default=make(CONFIG), **case)


def _fts_rowids(columns: str = "rowid") -> str:
    """SQL selecting ``columns`` of the FTS matches of one expression in both tables; pass the
    expression once per table (``FTS_TABLES``). ``{table}`` in ``columns`` names the table."""
    return " UNION ALL ".join(
        f"SELECT {columns.format(table=table)} FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        for table in FTS_TABLES
    )


def _vocabulary_words(documents: Iterable[SearchDocument]) -> set[tuple[str, str]]:
    """(word, scope) pairs: "public" for documents anyone may see, else "members"."""
    words: set[tuple[str, str]] = set()
    for document in documents:
        scope = vocabulary_scope(document.access)
        if scope is None:
            continue
        for word in words_in(f"{document.title} {document.body}"):
            if _spellable(word) and word not in QUESTION_WORDS:
                words.add((word, scope))
    return words


def _spellable(word: str) -> bool:
    """Words worth correcting: 3-30 letters or digits with at least one letter ("wcag21")."""
    return 3 <= len(word) <= 30 and word.isalnum() and not word.isdigit()


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (adjacent transpositions) distance, or ``limit + 1`` if larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """Typos forgiven by word length: none below 5 characters, 1 up to 7, 2 from 8."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def closest_words(word: str, candidates: Iterable[str], n: int = FUZZY_ALTERNATIVES) -> list[str]:
    """Candidates within ``allowed_edits`` of ``word``, closest first (same first letter and
    then the difflib ratio break ties), so a digit token like "wacg21" finds "wcag21"."""
    limit = allowed_edits(word)
    scored = []
    for candidate in set(candidates):
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and candidate != word:
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            scored.append((distance, candidate[0] != word[0], -ratio, candidate))
    return [c for *_, c in sorted(scored)[:n]]


def _names(title: str, words: list[list[str]]) -> bool:
    """Every query word (or one of its typo corrections) starts a word of the title, a crude
    stem match: "leeds" names "Leeds City Council", "priya ramen" names "Priya Raman"."""
    title_words = words_in(title)
    return all(
        any(t.startswith(w[: max(4, len(w) - 2)]) for w in alternatives for t in title_words)
        for alternatives in words
    )


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
                    context=d.context[:300],
                    language=WELSH if d.language == WELSH else "en",
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
            for config, welsh in ((CONFIG, False), (WELSH_CONFIG, True)):
                pks = [e.pk for e in entries if (e.language == WELSH) == welsh]
                if pks:
                    SearchEntry.objects.filter(pk__in=pks).update(
                        search_vector=SearchVector("title", weight="A", config=config)
                        + SearchVector("author_name", weight="C", config=config)
                        + SearchVector("body", weight="B", config=config)
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
            "engine": "PostgreSQL full-text search + pg_trgm (english; simple for Welsh)"
            if _is_postgres()
            else "SQLite FTS5 (porter stemmer; none for Welsh)",
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
        candidates = [w for w in words if allowed_edits(w) and _spellable(w)]
        if not candidates or not scopes:
            return {}
        vocabulary = SearchWord.objects.filter(scope__in=scopes)
        known = set(vocabulary.filter(word__in=candidates).values_list("word", flat=True))
        unknown = [w for w in candidates if w not in known]
        if not unknown:
            return {}
        if _is_postgres():
            return self._similar_words_postgres(unknown, vocabulary)
        # SQLite: every vocabulary word of a close length (any first letter), in one query,
        # then edit distance in Python.
        lengths = [len(w) for w in unknown]
        pool = list(
            vocabulary.annotate(length=Length("word"))
            .filter(length__gte=min(lengths) - 2, length__lte=max(lengths) + 2)
            .values_list("word", flat=True)[:SQLITE_VOCABULARY_SCAN]
        )
        result: dict[str, list[str]] = {}
        for word in unknown:
            similar = closest_words(word, (w for w in pool if abs(len(w) - len(word)) <= 2))
            if similar:
                result[word] = similar
        return result

    @staticmethod
    def _similar_words_postgres(words: list[str], vocabulary) -> dict[str, list[str]]:
        """Trigram neighbours of every word in one round trip (a UNION ALL of per-word tops)."""
        parts = [
            vocabulary.annotate(length=Length("word"))
            .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
            .annotate(
                similarity=TrigramSimilarity("word", word),
                asked=Value(word, output_field=CharField()),
            )
            .filter(similarity__gte=0.2)
            .order_by("-similarity", "word")
            .values_list("asked", "word", "similarity")[:20]
            for word in words
        ]
        rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
        neighbours: dict[str, list[str]] = {}
        for asked, word, _ in rows:
            neighbours.setdefault(asked, []).append(word)
        # Trigrams find the neighbours; edit distance (scaled with length) decides.
        result = {asked: closest_words(asked, found) for asked, found in neighbours.items()}
        return {asked: found for asked, found in result.items() if found}

    def _clauses(self, query: ParsedQuery, fuzzy: dict[str, list[str]]) -> list[Clause]:
        """Each clause with its typo corrections added as alternatives (see ``_fuzzy``)."""
        clauses = []
        for clause in query.clauses:
            corrections = self._fuzzy(clause, fuzzy)
            alternatives = list(clause.alternatives) + [(w,) for w in corrections]
            clauses.append(Clause(tuple(alternatives), clause.required, clause.is_synonym))
        return clauses

    @staticmethod
    def _fuzzy(clause: Clause, fuzzy: dict[str, list[str]]) -> list[str]:
        if len(clause.primary) == 1 and clause.primary[0] in fuzzy:
            return [w for w in fuzzy[clause.primary[0]] if (w,) not in clause.alternatives]
        return []

    def search(self, request: SearchRequest) -> SearchResults:
        query = request.query
        scopes = _viewer_scopes(request.access_keys)
        fuzzy = {}
        if request.fuzzy and not query.is_empty:
            fuzzy = self._fuzzy_alternatives(query.words, scopes)
        clauses = self._clauses(query, fuzzy)
        suggestion = ""
        if fuzzy:
            suggestion = " ".join(fuzzy.get(w, [w])[0] for w in words_in(query.text))
        if _is_postgres():
            results = self._search_postgres(request, clauses, exact=query.clauses)
        else:
            results = self._search_sqlite(request, clauses, exact=query.clauses)
        results.suggestion = suggestion if suggestion != " ".join(words_in(query.text)) else ""
        return results

    # PostgreSQL ------------------------------------------------------------------------
    @staticmethod
    def _pg_clause(clause: Clause, config: str = CONFIG) -> PgQuery:
        queries = [
            PgQuery(" ".join(alt), config=config, search_type="phrase" if len(alt) > 1 else "plain")
            for alt in clause.alternatives
        ]
        return reduce(lambda a, b: a | b, queries)

    @classmethod
    def _pg_clause_matches(cls, clause: Clause) -> Q:
        return _pg_matches({c: cls._pg_clause(clause, c) for c in (CONFIG, WELSH_CONFIG)})

    @classmethod
    def _pg_match(cls, clauses: list[Clause], config: str) -> PgQuery:
        required = [cls._pg_clause(c, config) for c in clauses if c.required]
        optional = [cls._pg_clause(c, config) for c in clauses if not c.required]
        if required:
            return reduce(lambda a, b: a & b, required)
        return reduce(lambda a, b: a | b, optional)

    def _search_postgres(
        self, request: SearchRequest, clauses: list[Clause], exact: list[Clause] | None = None
    ) -> SearchResults:
        queryset = self._visible(request)
        match = None  # {configuration: tsquery}
        if clauses:
            match = {c: self._pg_match(clauses, c) for c in (CONFIG, WELSH_CONFIG)}
            queryset = queryset.filter(_pg_matches(match))
        total = queryset.count() if request.with_total else None
        facets = self._facets(request, match) if request.with_facets else {}
        if match is not None and request.sort == "relevance":
            # Coordination first (documents matching more of the question rank higher; a
            # clause matched only through a typo correction counts half), then ts_rank scaled
            # by the document type's boost; entity pages up when named, down otherwise.
            exact = exact if exact is not None else clauses
            coordination = reduce(
                lambda a, b: a + b,
                [
                    Case(
                        When(self._pg_clause_matches(typed), then=Value(1.0)),
                        When(self._pg_clause_matches(c), then=Value(FUZZY_CLAUSE_WEIGHT)),
                        default=Value(0.0),
                        output_field=FloatField(),
                    )
                    for typed, c in zip(exact, clauses, strict=True)
                ],
            )
            ordered = (
                queryset.annotate(title_vector=SearchVector("title", config=CONFIG))
                .annotate(
                    score=(
                        coordination
                        + _pg_by_language(
                            lambda c: SearchRank(F("search_vector"), match[c]),
                            output_field=FloatField(),
                        )
                        * F("boost")
                    )
                    * self._pg_entity_factor(request, clauses)
                )
                .order_by("-score", F("created_at").desc(nulls_last=True), "pk")
            )
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
                    headline=_pg_by_language(
                        lambda c: SearchHeadline(
                            "body",
                            match[c],
                            config=c,
                            start_sel=MARK_START,
                            stop_sel=MARK_END,
                            max_words=40,
                            min_words=15,
                            max_fragments=2,
                            fragment_delimiter=" … ",
                        )
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

    @classmethod
    def _pg_entity_factor(cls, request: SearchRequest, clauses: list[Clause]):
        """Named: every free-word clause (or one of its typo corrections) is in the title."""
        entities = sorted(entity_types())
        if not entities:
            return Value(1.0)
        free = [c for c in clauses if not c.required]
        named = (
            [When(doc_type__in=entities,
                  title_vector=reduce(lambda a, b: a & b, [cls._pg_clause(c) for c in free]),
                  then=Value(NAMED_ENTITY_FACTOR))]
            if free
            else []
        )  # fmt: skip
        return Case(
            *named,
            When(doc_type__in=entities, then=Value(UNNAMED_ENTITY_FACTOR)),
            default=Value(1.0),
            output_field=FloatField(),
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
                _fts_rowids("rowid, bm25({table}, 8.0, 1.0)") + " ORDER BY 2 LIMIT %s",
                [*[expression] * len(FTS_TABLES), SQLITE_CANDIDATES],
            )
            # bm25() is lower for better matches; flip it so larger is better.
            return expression, {rowid: -score for rowid, score in cursor.fetchall()}

    def _sqlite_coordination(
        self, clauses: list[Clause], exact: list[Clause], candidates: dict[int, float]
    ) -> dict[int, float]:
        """Clauses each candidate matches, as on PostgreSQL: 1 per clause matched as typed
        (stemmed, synonyms), ``FUZZY_CLAUSE_WEIGHT`` for one matched only through a typo
        correction. One FTS query per clause (two where there is a correction)."""
        coordination = dict.fromkeys(candidates, 0.0)
        if len(clauses) < 2 and all(c == e for c, e in zip(clauses, exact, strict=True)):
            return coordination
        with connection.cursor() as cursor:

            def rowids(clause: Clause) -> set[int]:
                cursor.execute(_fts_rowids(), [self._fts_clause(clause)] * len(FTS_TABLES))
                return {r for (r,) in cursor.fetchall() if r in coordination}

            for full, typed in zip(clauses, exact, strict=True):
                as_typed = rowids(typed)
                corrected = rowids(full) - as_typed if full != typed else set()
                for rowid in as_typed:
                    coordination[rowid] += 1.0
                for rowid in corrected:
                    coordination[rowid] += FUZZY_CLAUSE_WEIGHT
        return coordination

    def _search_sqlite(
        self, request: SearchRequest, clauses: list[Clause], exact: list[Clause] | None = None
    ) -> SearchResults:
        queryset = self._visible(request)
        expression = ""
        scores: dict[int, float] = {}
        coordination: dict[int, float] = {}
        if clauses:
            expression, scores = self._sqlite_candidates(clauses)
            queryset = queryset.filter(pk__in=list(scores))
        facets = (
            self._facets(request, None, candidate_ids=list(scores) if clauses else None)
            if request.with_facets
            else {}
        )
        rows = list(queryset.values_list("pk", "boost", "created_at", "doc_type", "title"))
        if clauses and request.sort == "relevance":
            # Like PostgreSQL: clauses matched first, then bm25 (scaled to 0..1) x boost.
            coordination = self._sqlite_coordination(
                clauses, exact if exact is not None else clauses, scores
            )
            top = max(scores.values(), default=1.0) or 1.0
            entities = entity_types()
            words = [[a[0] for a in c.alternatives if len(a) == 1] for c in clauses]
            words = [w for w in words if w] if request.query.words else []

            def score(row) -> float:
                factor = 1.0
                if row[3] in entities:
                    factor = (
                        NAMED_ENTITY_FACTOR
                        if words and _names(row[4], words)
                        else UNNAMED_ENTITY_FACTOR
                    )
                return (coordination[row[0]] + scores[row[0]] / top * row[1]) * factor

            rows.sort(key=lambda r: (-score(r), -(r[2].timestamp() if r[2] else 0)))
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
                sql = " UNION ALL ".join(
                    f"SELECT rowid, snippet({t}, 1, %s, %s, ' … ', 32) FROM {t} WHERE {t} MATCH %s AND rowid IN ({placeholders})"  # noqa: S608
                    for t in FTS_TABLES
                )
                cursor.execute(sql, [MARK_START, MARK_END, expression, *page_ids] * len(FTS_TABLES))
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
                base = base.filter(_pg_matches(match))
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
            context=entry.context,
            source=entry.source,
            created_at=entry.created_at,
            author_name=entry.author_name,
            author_handle=entry.author_handle,
            council_names=list(entry.council_names or []),
            score=float(score or 0.0),
        )

    def term_counts(self, words: list[str], access_keys: frozenset[str]) -> dict[str, int]:
        words = list(dict.fromkeys(words))
        if not words:
            return {}
        visible = self._visible(SearchRequest(query=ParsedQuery(text=""), access_keys=access_keys))
        if _is_postgres():
            counts = visible.aggregate(
                **{
                    f"w{i}": Count(
                        "pk",
                        filter=_pg_matches(
                            {c: PgQuery(w, config=c) for c in (CONFIG, WELSH_CONFIG)}
                        ),
                    )
                    for i, w in enumerate(words)
                }
            )
            return {w: counts[f"w{i}"] or 0 for i, w in enumerate(words)}
        return {
            w: visible.filter(
                # Fixed table names only; the word is a bound parameter.
                pk__in=RawSQL(  # noqa: S611
                    _fts_rowids(), ['"' + w.replace('"', '""') + '"'] * len(FTS_TABLES)
                )
            ).count()
            for w in words
        }

    def autocomplete(self, prefix: str, access_keys: frozenset[str], limit: int) -> list[Hit]:
        prefix = " ".join(prefix.split())
        if not prefix:
            return []
        request = SearchRequest(query=ParsedQuery(text=""), access_keys=access_keys)
        entries = (
            self._visible(request)
            .filter(Q(title__istartswith=prefix) | Q(title__icontains=" " + prefix))
            .filter(context="")  # comments are titled "Comment": not worth completing
            .order_by("-boost", "title")[:limit]
        )
        return [self._hit(e, None, 0.0) for e in entries]

    def related(
        self, source: str, access_keys: frozenset[str], limit: int, exclude: tuple[str, ...] = ()
    ) -> list[Hit]:
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
            exclude_sources=(source, *exclude),
        )
        if _is_postgres():
            return self._search_postgres(request, query.clauses).hits
        return self._search_sqlite(request, query.clauses).hits

    def refresh(self) -> None:
        """Database writes are visible on commit; nothing to do."""
