"""Word-level diffs are aligned on anchors and never render markup from the text."""

from hub.standards.anchoring import assign_anchors, parse_blocks
from hub.standards.diffing import diff_blocks, word_diff


def test_word_diff_marks_whole_words():
    ops = word_diff("collect bins on Monday", "collect bins on Tuesday")
    assert (-1, "Monday") in ops and (1, "Tuesday") in ops


def test_diff_escapes_html_in_both_views():
    old = assign_anchors(parse_blocks("## A {#a}\n\nPlain text.\n"))
    new = assign_anchors(parse_blocks("## A {#a}\n\nPlain text. <img src=x onerror=alert(1)>\n"))
    (changed,) = [d for d in diff_blocks(old, new) if d.change == "changed"]
    for html in (changed.inline_html, changed.new_html):
        assert "<img" not in html and "&lt;img" in html


def test_added_and_removed_blocks_are_placed_in_order():
    old = assign_anchors(parse_blocks("## A {#a}\n\nOne.\n\n## B {#b}\n\nTwo.\n"))
    new = assign_anchors(parse_blocks("## A {#a}\n\n## B {#b}\n\nTwo.\n\nThree is new.\n"))
    assert [(d.anchor, d.change) for d in diff_blocks(old, new)] == [
        ("a", "unchanged"),
        ("a-1", "removed"),
        ("b", "unchanged"),
        ("b-1", "unchanged"),
        ("b-2", "added"),
    ]
