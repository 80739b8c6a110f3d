"""Turn what a person typed into a safe, backend-neutral query.

User input is never handed to a query language (Lucene ``query_string``, FTS5 ``MATCH`` syntax,
``to_tsquery``): it is cleaned, split into plain words and quoted phrases, and each backend
builds its own structured query from those pieces. Operators people type out of habit
(``AND``, ``title:``, ``*``, brackets) simply become words or disappear.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext

from search.synonyms import longest_match

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12
MAX_WORD_CHARS = 40

# Words that carry no meaning in a question ("has anyone done this before?"). Dropped from
# free-text words (not from quoted phrases) so a natural question ranks on its topic words.
QUESTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "anybody",
        "anyone",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "done",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "other",
        "our",
        "please",
        "should",
        "so",
        "someone",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)


class QueryTooLong(ValueError):
    """The query is longer than ``MAX_QUERY_CHARS``; the page says so instead of truncating."""


@dataclass(frozen=True)
class Clause:
    """One thing to match: alternatives that are each a phrase (a tuple of words)."""

    alternatives: tuple[tuple[str, ...], ...]
    required: bool = False  # quoted phrases must match; plain words rank
    is_synonym: bool = False

    @property
    def primary(self) -> tuple[str, ...]:
        return self.alternatives[0]


@dataclass
class ParsedQuery:
    text: str  # the cleaned text as typed
    clauses: list[Clause] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # free words (for spelling, fuzziness)
    phrases: list[str] = field(default_factory=list)  # quoted phrases as typed

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def free_text(self) -> str:
        return " ".join(self.words)


def clean(text: str) -> str:
    """Normalise Unicode (NFKC), drop control and format characters, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Cs", "Co", "Cn"}:
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def words_in(text: str) -> list[str]:
    """Lower-case words; apostrophes inside words kept ("children's"), all else a separator."""
    return [w.replace("\u2019", "'")[:MAX_WORD_CHARS] for w in _WORD_RE.findall(text.lower())]


def parse(raw: str) -> ParsedQuery:
    """Parse typed text into clauses. Raises ``QueryTooLong``; never raises on odd syntax."""
    text = clean(raw)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(
            gettext("Search for %(limit)s characters or fewer.") % {"limit": MAX_QUERY_CHARS}
        )
    parsed = ParsedQuery(text=text)
    # Quoted phrases first; an unbalanced quote simply quotes nothing.
    parts = re.split(r'"([^"]*)"', text.replace("“", '"').replace("”", '"'))
    loose: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:
            phrase = words_in(part)
            if len(phrase) > 1:
                parsed.phrases.append(" ".join(phrase))
                parsed.clauses.append(Clause(alternatives=(tuple(phrase),), required=True))
            elif phrase:
                loose.extend(phrase)
        else:
            loose.extend(words_in(part.replace('"', " ")))
    # A query made only of "question words" ("the who") still searches for them.
    drop_question_words = any(w not in QUESTION_WORDS for w in loose)
    kept: list[str] = []
    position = 0
    seen: set[tuple] = set()
    while position < len(loose):
        # Synonyms first, on every word, so "freedom of information" is still one phrase.
        match = longest_match(loose, position)
        if match:
            length, group = match
            typed = tuple(loose[position : position + length])
            alternatives = (typed, *[a for a in (tuple(words_in(p)) for p in group) if a != typed])
            clause = Clause(alternatives=alternatives, is_synonym=True)
            position += length
        else:
            word = loose[position]
            position += 1
            if drop_question_words and word in QUESTION_WORDS:
                continue
            clause = Clause(alternatives=((word,),))
        kept.extend(clause.primary)
        if clause.alternatives not in seen:
            seen.add(clause.alternatives)
            parsed.clauses.append(clause)
    parsed.words = list(dict.fromkeys(kept))
    parsed.clauses = parsed.clauses[:MAX_CLAUSES]
    return parsed
