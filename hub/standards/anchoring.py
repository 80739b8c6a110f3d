"""Split a standard's Markdown into blocks and give each block a stable anchor.

The rules (see ``docs/decisions/0001-standard-anchors.md``):

1. A heading may name its anchor explicitly: ``## Bin days {#bin-days}``. Explicit anchors win.
2. Every other block is matched to a block of the previous version of the same kind (heading or
   paragraph) by word similarity, with small bonuses for a similar position and for staying in
   the same section. A pair is only considered when the words alone are at least
   ``MATCH_THRESHOLD`` similar, so a block never inherits the anchor of a mere lookalike.
3. Unmatched blocks get a new anchor: headings from their text (``bin-days``), paragraphs from
   their section and a counter (``bin-days-3``). Anchors used by any earlier version of the
   standard are never reused for different text, so an old link never lands on the wrong text.

Pure functions only: no database access, so the rules are easy to test and benchmark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from django.utils.text import slugify
from django.utils.translation import gettext
from markdown_it import MarkdownIt

MATCH_THRESHOLD = 0.6
ANCHOR_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
EXPLICIT_ANCHOR = re.compile(r"[ \t]*\{#(" + ANCHOR_PATTERN + r")\}[ \t]*$")
ANY_ANCHOR_MARK = re.compile(r"\{#([^}]*)\}[ \t]*$")
VALID_ANCHOR = re.compile(r"^" + ANCHOR_PATTERN + r"$")
# Element ids the page itself uses; a standard's anchors must not clobber them.
RESERVED_ANCHORS = frozenset(
    {"main-content", "header-search", "content", "comments", "history", "adoptions", "top"}
)
HEADING = "heading"
PARAGRAPH = "paragraph"
_WORD = re.compile(r"\w+", re.UNICODE)


class AnchorError(ValueError):
    """The Markdown names an anchor that cannot be used; the message says which and why."""


@dataclass
class ParsedBlock:
    kind: str
    text: str  # Markdown source of the block, with any {#anchor} mark removed
    level: int = 0
    explicit_anchor: str = ""
    anchor: str = ""
    heading_path: str = ""
    section_anchor: str = ""
    words: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """A heading's plain text."""
        return self.text.lstrip("#").strip() if self.kind == HEADING else ""


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def parse_blocks(body: str) -> list[ParsedBlock]:
    """Top-level Markdown blocks in order. Lists, tables, quotes and code count as paragraphs.

    Raises ``AnchorError`` for a malformed or duplicated explicit anchor.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[ParsedBlock] = []
    seen_explicit: set[str] = set()
    for token in _md().parse("\n".join(lines)):
        if token.level != 0 or token.nesting == -1 or not token.map:
            continue
        start, end = token.map
        source_lines = lines[start:end]
        if token.type == "heading_open":
            level = int(token.tag[1])
            explicit = ""
            first = source_lines[0]
            match = EXPLICIT_ANCHOR.search(first)
            if match:
                explicit = match.group(1)
                source_lines = [first[: match.start()], *source_lines[1:]]
            elif ANY_ANCHOR_MARK.search(first):
                raise AnchorError(
                    gettext(
                        "The anchor in '%(strip)s' is not valid. Anchors use lower-case letters, numbers and hyphens, like {#bin-days}."
                    )
                    % {"strip": first.strip()}
                )
            if explicit in RESERVED_ANCHORS:
                raise AnchorError(
                    gettext("The anchor {#%(explicit)s} is reserved. Choose another.")
                    % {"explicit": explicit}
                )
            if explicit and explicit in seen_explicit:
                raise AnchorError(
                    gettext("The anchor {#%(explicit)s} is used on more than one heading.")
                    % {"explicit": explicit}
                )
            seen_explicit.add(explicit)
            if len(source_lines) == 2 and source_lines[1].strip().startswith(("=", "-")):
                # Setext heading: keep it as an ATX heading so it renders on its own.
                source_lines = ["#" * level + " " + source_lines[0].strip()]
            text = "\n".join(source_lines).strip()
            blocks.append(
                ParsedBlock(kind=HEADING, text=text, level=level, explicit_anchor=explicit)
            )
        else:
            text = "\n".join(source_lines).strip("\n")
            if text.strip():
                blocks.append(ParsedBlock(kind=PARAGRAPH, text=text))
    for block in blocks:
        block.words = words(block.title if block.kind == HEADING else block.text)
    return blocks


def similarity(a: list[str], b: list[str]) -> float:
    """Word-level similarity in [0, 1]: 1 for identical, 0 for nothing in common."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MATCH_THRESHOLD or matcher.quick_ratio() < MATCH_THRESHOLD:
        return matcher.quick_ratio() * 0.99  # below threshold anyway; skip the exact ratio
    return matcher.ratio()


@dataclass
class PreviousBlock:
    """What matching needs to know about a block of the previous version."""

    anchor: str
    kind: str
    text: str
    section_anchor: str = ""
    words: list[str] = field(default_factory=list)


def _fresh(base: str, taken: set[str], start: int | None = None) -> str:
    base = (base or "section")[:60].strip("-") or "section"
    if start is None and base not in taken and base not in RESERVED_ANCHORS:
        return base
    n = start or 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _match(
    new: list[ParsedBlock],
    old: list[PreviousBlock],
    claimed: set[str],
    n_new: int,
    n_old: int,
    positions_new: dict[int, int],
    positions_old: dict[str, int],
) -> dict[int, str]:
    """Greedy one-to-one matching of blocks (by id) to old anchors above the threshold."""
    result: dict[int, str] = {}
    used_old: set[str] = set(claimed)
    # Identical text first (the common case by far): nearest position wins among duplicates.
    by_words: dict[tuple[str, ...], list[PreviousBlock]] = {}
    for old_block in old:
        if old_block.anchor not in used_old:
            by_words.setdefault(tuple(old_block.words), []).append(old_block)
    for new_block in new:
        same = [o for o in by_words.get(tuple(new_block.words), []) if o.anchor not in used_old]
        if same and new_block.words:
            i = positions_new[id(new_block)] / max(n_new, 1)
            best = min(same, key=lambda o: abs(i - positions_old[o.anchor] / max(n_old, 1)))
            result[id(new_block)] = best.anchor
            used_old.add(best.anchor)
    rest_new = [b for b in new if id(b) not in result and b.words]
    rest_old = [o for o in old if o.anchor not in used_old and o.words]
    candidates = []
    matcher = SequenceMatcher(None, autojunk=False)
    for old_block in rest_old:
        # SequenceMatcher caches its analysis of seq2, so the old block goes there once.
        matcher.set_seq2(old_block.words)
        len_old = len(old_block.words)
        for new_block in rest_new:
            len_new = len(new_block.words)
            if 2 * min(len_new, len_old) / (len_new + len_old) < MATCH_THRESHOLD:
                continue  # cannot reach the threshold whatever the words
            matcher.set_seq1(new_block.words)
            if matcher.quick_ratio() < MATCH_THRESHOLD:
                continue
            sim = matcher.ratio()
            if sim < MATCH_THRESHOLD:
                continue
            i = positions_new[id(new_block)]
            position_gap = abs(i / max(n_new, 1) - positions_old[old_block.anchor] / max(n_old, 1))
            score = sim + 0.05 * (1 - position_gap)
            if new_block.section_anchor and new_block.section_anchor == old_block.section_anchor:
                score += 0.05
            candidates.append((score, -i, id(new_block), old_block.anchor))
    candidates.sort(reverse=True)
    for _score, _i, block_id, anchor in candidates:
        if block_id in result or anchor in used_old:
            continue
        result[block_id] = anchor
        used_old.add(anchor)
    return result


def assign_anchors(
    blocks: list[ParsedBlock],
    previous: list[PreviousBlock] | None = None,
    used_anchors: set[str] | frozenset[str] = frozenset(),
) -> list[ParsedBlock]:
    """Give every block an anchor, heading path and section anchor (in place; returns blocks).

    ``previous``: the previous version's blocks, whose anchors may be inherited.
    ``used_anchors``: every anchor any earlier version used; new anchors avoid them.
    """
    previous = previous or []
    for old in previous:
        if not old.words:
            old.words = words(old.text.lstrip("#").strip() if old.kind == HEADING else old.text)
    taken: set[str] = set(used_anchors) | {p.anchor for p in previous}
    assigned: set[str] = set()
    positions_new = {id(b): i for i, b in enumerate(blocks)}
    positions_old = {p.anchor: i for i, p in enumerate(previous)}

    # 1. Explicit heading anchors.
    for block in blocks:
        if block.explicit_anchor:
            block.anchor = block.explicit_anchor
            assigned.add(block.anchor)

    # 2. Headings without an explicit anchor: inherit from a similar previous heading.
    headings = [b for b in blocks if b.kind == HEADING and not b.anchor]
    old_headings = [p for p in previous if p.kind == HEADING]
    matches = _match(
        headings, old_headings, assigned, len(blocks), len(previous), positions_new, positions_old
    )
    for block in headings:
        if id(block) in matches:
            block.anchor = matches[id(block)]
            assigned.add(block.anchor)
    for block in headings:
        if not block.anchor:
            block.anchor = _fresh(slugify(block.title), taken | assigned)
            assigned.add(block.anchor)

    # Heading paths and sections are known once headings have anchors.
    stack: list[tuple[int, str, str]] = []
    for block in blocks:
        if block.kind == HEADING:
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.title, block.anchor))
            block.section_anchor = block.anchor
        else:
            block.section_anchor = stack[-1][2] if stack else ""
        block.heading_path = " \u203a ".join(title for _, title, _ in stack)[:500]

    # 3. Paragraphs: inherit from a similar previous paragraph, else a fresh section-counter id.
    paragraphs = [b for b in blocks if b.kind == PARAGRAPH]
    old_paragraphs = [p for p in previous if p.kind == PARAGRAPH]
    matches = _match(
        paragraphs,
        old_paragraphs,
        assigned,
        len(blocks),
        len(previous),
        positions_new,
        positions_old,
    )
    counters: dict[str, int] = {}
    for block in paragraphs:
        if id(block) in matches:
            block.anchor = matches[id(block)]
            assigned.add(block.anchor)
    for block in paragraphs:
        if block.anchor:
            continue
        base = block.section_anchor or "intro"
        counters[base] = counters.get(base, 0) + 1
        block.anchor = _fresh(base, taken | assigned, start=counters[base])
        counters[base] = int(block.anchor.rsplit("-", 1)[1])
        assigned.add(block.anchor)
    return blocks


def heading_markdown_for_page(block_text: str, level: int, shift: int = 1) -> str:
    """A heading's Markdown moved down ``shift`` levels, so a standard's ``#`` sits under the
    page's own ``h1``."""
    title = block_text.lstrip("#").strip()
    return "#" * min(level + shift, 6) + " " + title
