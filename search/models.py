"""The indexing outbox: one row per changed object, written in the same transaction as the change."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone


class OutboxEntry(models.Model):
    """An object whose search document must be rebuilt (or deleted, if the object is gone)."""

    model_label = models.CharField(max_length=100, help_text='Model label, e.g. "blog.post".')
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["next_attempt_at", "id"])]
        verbose_name_plural = "outbox entries"

    def __str__(self) -> str:
        return f"{self.model_label}:{self.object_id}"


class SearchEntry(models.Model):
    """One indexed document for the database backend (denormalised from ``SearchDocument``).

    Elasticsearch keeps its own copy; this table is only written when the database backend is
    in use. ``search_vector`` is filled on PostgreSQL; on SQLite an FTS5 table mirrors
    ``title`` and ``body`` through triggers (see migration 0003).
    """

    doc_id = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=150, db_index=True)
    doc_type = models.CharField(max_length=40)
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=1000)
    context = models.CharField(max_length=300, blank=True)  # shown, never matched
    # "cy": matched with the "simple" configuration (PostgreSQL) or the unstemmed FTS5 table
    # (SQLite); anything else is English (search.backends.database).
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_handle = models.CharField(max_length=100, blank=True)
    council_names = models.JSONField(default=list, blank=True)
    boost = models.FloatField(default=1.0)
    fingerprint = models.CharField(max_length=64, blank=True)
    # A tsvector on PostgreSQL; an unused text column on SQLite, which accepts any type name.
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.doc_id


class SearchFacet(models.Model):
    """A filterable value of an entry: its access keys, type, councils, tags, author, services.

    Keeping these in rows lets permissions and facet counts be computed in SQL, inside the
    same query that finds the hits.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    field = models.CharField(max_length=20)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["field", "value", "entry"]),
            models.Index(fields=["entry", "field"]),
        ]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"


class SearchWord(models.Model):
    """Vocabulary of widely visible documents, for typo tolerance and "did you mean".

    ``scope`` says who may be offered the word: "public" words come from documents anyone
    may see, "members" words from documents every signed-in member may see. A word from a
    sign-in-only channel is therefore never suggested to an anonymous visitor.
    """

    PUBLIC = "public"
    MEMBERS = "members"

    word = models.CharField(max_length=60)
    scope = models.CharField(max_length=10, default=MEMBERS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "scope"], name="search_word_scope_unique")
        ]

    def __str__(self) -> str:
        return self.word


class SearchLog(models.Model):
    """One search (its first page of results): the community's search log.

    Deliberately anonymous: the query text, the backend, the filters, how many results it
    found and how many of them were followed (``clicks``, counted by the click redirect),
    the time; never a user, session or IP address. A row with ``hits=0`` is an unmet need.
    Rows older than ``search.searchlog.RETENTION_DAYS`` are pruned.
    """

    query = models.CharField(max_length=500)
    backend = models.CharField(max_length=20)
    filters = models.JSONField(default=dict, blank=True)
    hits = models.PositiveIntegerField(default=0)
    clicks = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["query", "created_at"], name="search_log_query_idx")]

    def __str__(self) -> str:
        return self.query
