"""Word-level differences between two versions, aligned block by block on anchors.

The text compared is the Markdown source, escaped: a diff shows what the editors typed, and
never renders HTML (or Markdown) from the standard, so nothing in a body can inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
EQUAL, INSERT, DELETE = 0, 1, -1


def _tokens_to_chars(a: list[str], b: list[str]) -> tuple[str, str, list[str]]:
    """Map each distinct token to one character, so diff-match-patch diffs words, not letters."""
    table: list[str] = [""]
    index: dict[str, int] = {}

    def encode(tokens: list[str]) -> str:
        out = []
        for token in tokens:
            if token not in index:
                index[token] = len(table)
                table.append(token)
            out.append(chr(index[token]))
        return "".join(out)

    return encode(a), encode(b), table


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """[(op, text)] with op -1 deleted, 0 unchanged, 1 inserted, at word granularity."""
    a, b, table = _tokens_to_chars(_TOKEN.findall(old), _TOKEN.findall(new))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2.0
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, "".join(table[ord(ch)] for ch in chars)) for op, chars in diffs]


def _html(ops: list[tuple[int, str]], show: set[int]) -> SafeString:
    parts = []
    for op, text in ops:
        if op not in show:
            continue
        safe = escape(text)
        if op == INSERT:
            parts.append(f'<ins class="hub-diff-ins">{safe}</ins>')
        elif op == DELETE:
            parts.append(f'<del class="hub-diff-del">{safe}</del>')
        else:
            parts.append(safe)
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


# What happened to a block, as the diff pages say it (the codes stay in data attributes).
CHANGE_LABELS = {
    "unchanged": pgettext_lazy("diff", "unchanged"),
    "changed": pgettext_lazy("diff", "changed"),
    "added": pgettext_lazy("diff", "added"),
    "removed": pgettext_lazy("diff", "removed"),
}


@dataclass
class BlockDiff:
    anchor: str
    change: str  # "unchanged", "changed", "added", "removed"
    heading_path: str
    old_text: str = ""
    new_text: str = ""
    ops: list[tuple[int, str]] = field(default_factory=list)
    is_heading: bool = False

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS.get(self.change, self.change))

    @property
    def inline_html(self) -> SafeString:
        return _html(self.ops, {EQUAL, INSERT, DELETE})

    @property
    def old_html(self) -> SafeString:
        return _html(self.ops, {EQUAL, DELETE})

    @property
    def new_html(self) -> SafeString:
        return _html(self.ops, {EQUAL, INSERT})


def diff_blocks(old_blocks: list, new_blocks: list) -> list[BlockDiff]:
    """Align two versions' blocks on anchors (new order; removed blocks after their old
    predecessor) and diff each pair by words. Blocks need ``anchor``, ``text``,
    ``heading_path`` and ``kind``."""
    old_by_anchor = {b.anchor: b for b in old_blocks}
    new_anchors = {b.anchor for b in new_blocks}
    result: list[BlockDiff] = []
    # Removed blocks are placed after the nearest earlier old block that survives.
    removed_after: dict[str | None, list] = {}
    last_surviving: str | None = None
    for block in old_blocks:
        if block.anchor in new_anchors:
            last_surviving = block.anchor
        else:
            removed_after.setdefault(last_surviving, []).append(block)

    def add_removed(key: str | None) -> None:
        for block in removed_after.get(key, []):
            result.append(
                BlockDiff(
                    anchor=block.anchor,
                    change="removed",
                    heading_path=block.heading_path,
                    old_text=block.text,
                    ops=[(DELETE, block.text)],
                    is_heading=block.kind == "heading",
                )
            )

    add_removed(None)
    for block in new_blocks:
        old = old_by_anchor.get(block.anchor)
        if old is None:
            result.append(
                BlockDiff(
                    anchor=block.anchor,
                    change="added",
                    heading_path=block.heading_path,
                    new_text=block.text,
                    ops=[(INSERT, block.text)],
                    is_heading=block.kind == "heading",
                )
            )
        else:
            ops = (
                [(EQUAL, block.text)] if old.text == block.text else word_diff(old.text, block.text)
            )
            result.append(
                BlockDiff(
                    anchor=block.anchor,
                    change="unchanged" if old.text == block.text else "changed",
                    heading_path=block.heading_path,
                    old_text=old.text,
                    new_text=block.text,
                    ops=ops,
                    is_heading=block.kind == "heading",
                )
            )
            add_removed(block.anchor)
    return result


def diff_counts(diffs: list[BlockDiff]) -> dict[str, int]:
    counts = {"changed": 0, "added": 0, "removed": 0, "unchanged": 0}
    for item in diffs:
        counts[item.change] += 1
    return counts
