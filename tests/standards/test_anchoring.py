"""The anchoring rules: explicit ids, similarity matching with a threshold, no reuse."""

import pytest

from hub.standards.anchoring import (
    AnchorError,
    PreviousBlock,
    assign_anchors,
    parse_blocks,
    similarity,
    words,
)


def anchors(body, previous=None, used=()):
    return [(b.anchor, b.kind) for b in assign_anchors(parse_blocks(body), previous, set(used))]


def previous_of(body):
    blocks = assign_anchors(parse_blocks(body))
    return [
        PreviousBlock(anchor=b.anchor, kind=b.kind, text=b.text, section_anchor=b.section_anchor)
        for b in blocks
    ]


def test_headings_and_paragraphs_get_readable_anchors():
    body = "# Intro {#intro}\n\nFirst.\n\n## Bin days\n\nSecond.\n\n- a list\n- b\n"
    assert anchors(body) == [
        ("intro", "heading"),
        ("intro-1", "paragraph"),
        ("bin-days", "heading"),
        ("bin-days-1", "paragraph"),
        ("bin-days-2", "paragraph"),
    ]


def test_heading_path_and_explicit_anchor_mark_is_removed_from_text():
    blocks = assign_anchors(parse_blocks("# Top {#top-level}\n\n## Sub\n\nText here.\n"))
    assert blocks[0].text == "# Top"
    assert blocks[2].heading_path == "Top \u203a Sub"
    assert blocks[2].section_anchor == "sub"


def test_edited_paragraph_keeps_its_anchor():
    v1 = "## Days {#days}\n\nEach property has a collection day for each bin type.\n"
    v2 = (
        "## Days {#days}\n\nA new opening paragraph about bank holidays.\n\n"
        "Each property has one collection day for each bin type.\n"
    )
    result = anchors(v2, previous_of(v1), {"days", "days-1"})
    assert result[2] == ("days-1", "paragraph")  # moved down, reworded slightly, same anchor
    assert result[1] == ("days-2", "paragraph")  # new paragraph, new anchor


def test_lookalike_below_threshold_gets_a_new_anchor():
    v1 = "## Days {#days}\n\nEach property has a collection day for each bin type.\n"
    v2 = "## Days {#days}\n\nBins are emptied weekly by a contractor in most places.\n"
    prev = previous_of(v1)
    assert similarity(words(prev[1].text), words(v2.split("\n\n")[1])) < 0.6
    assert anchors(v2, prev, {"days", "days-1"})[1] == ("days-2", "paragraph")


def test_removed_anchor_is_never_reused_for_new_text():
    used = {"days", "days-1", "days-2"}
    v3 = "## Days {#days}\n\nCompletely different words about something else entirely.\n"
    assert anchors(v3, previous_of("## Days {#days}\n\nOld.\n"), used)[1][0] == "days-3"


def test_renamed_heading_without_explicit_id_keeps_anchor_when_similar():
    prev = previous_of("## Bin types\n\nText.\n")
    assert anchors("## Bin types and colours\n\nText.\n", prev)[0] == ("bin-types", "heading")


def test_identical_paragraphs_match_by_position():
    body = "## A {#a}\n\nNone.\n\n## B {#b}\n\nNone.\n"
    prev = previous_of(body)
    assert anchors(body, prev) == [(p.anchor, p.kind) for p in prev]


@pytest.mark.parametrize(
    "body, message",
    [
        ("# One {#same}\n\n# Two {#same}\n", "more than one heading"),
        ("# One {#Bad_Anchor}\n", "not valid"),
        ("# One {#main-content}\n", "reserved"),
    ],
)
def test_bad_explicit_anchors_are_refused(body, message):
    with pytest.raises(AnchorError, match=message):
        parse_blocks(body)


def test_raw_html_is_a_paragraph_not_markup():
    blocks = parse_blocks("<script>alert(1)</script>\n")
    assert [b.kind for b in blocks] == ["paragraph"]
