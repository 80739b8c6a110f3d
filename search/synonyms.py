"""Local-government synonyms, kept in ``search/synonyms.txt`` and shared by both backends.

Elasticsearch receives the groups as a ``synonym_graph`` filter in the index settings; the
database backend expands the parsed query itself (``expand``), so the same file drives both.
"""

from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Each line of the file as a tuple of lower-case phrases (comments and blanks skipped),
    then the Welsh mutation groups (``search.welsh``: "cyngor, gyngor, nghyngor, chyngor")."""
    from search.welsh import mutation_groups

    groups = []
    for raw in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        phrases = tuple(
            dict.fromkeys(" ".join(p.lower().split()) for p in line.split(",") if p.strip())
        )
        if len(phrases) > 1:
            groups.append(phrases)
    return tuple(groups) + mutation_groups()


def elasticsearch_rules() -> list[str]:
    """The groups in Solr format, one equivalence rule per line, for ``synonym_graph``."""
    return [", ".join(group) for group in synonym_groups()]


def _normal(word: str) -> str:
    # Plural-insensitive comparison so "bin" and "bins" find the same group.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@cache
def _index() -> dict[tuple[str, ...], tuple[str, ...]]:
    index: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in synonym_groups():
        for phrase in group:
            key = tuple(_normal(w) for w in phrase.replace("-", " ").split())
            index.setdefault(key, group)
    return index


def longest_match(words: list[str], start: int) -> tuple[int, tuple[str, ...]] | None:
    """The longest synonym phrase starting at ``words[start]``: (length, group) or None."""
    index = _index()
    longest = max((len(k) for k in index), default=0)
    for length in range(min(longest, len(words) - start), 0, -1):
        key = tuple(_normal(w) for w in words[start : start + length])
        if key in index:
            return length, index[key]
    return None
