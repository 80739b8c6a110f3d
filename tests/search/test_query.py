"""The query parser and snippet escaping, which both backends rely on."""

import pytest

from search.backends.base import MARK_END, MARK_START, marked_html
from search.query import MAX_QUERY_CHARS, QueryTooLong, parse


def test_snippets_escape_text_and_keep_only_our_marks():
    html = marked_html(f"<b>x</b> & {MARK_START}bins{MARK_END} <mark>fake</mark>")

    assert html == "&lt;b&gt;x&lt;/b&gt; &amp; <mark>bins</mark> &lt;mark&gt;fake&lt;/mark&gt;"


def test_unbalanced_marks_are_dropped_not_left_open():
    assert marked_html(f"{MARK_START}bins") == "bins"


def test_quoted_phrases_are_required_and_words_optional():
    parsed = parse('how do we "bin collection" reminders')

    assert [(c.primary, c.required) for c in parsed.clauses] == [
        (("bin", "collection"), True),
        (("reminders",), False),
    ]


def test_synonym_phrases_survive_question_word_removal():
    parsed = parse("freedom of information requests")

    assert ("foi",) in parsed.clauses[0].alternatives
    assert parsed.clauses[1].primary == ("requests",)


@pytest.mark.parametrize(
    "text", ['title:x AND (y OR "', "\x00\x07", "‮evil‬", "*:*", '"', "((((", "\ud800"]
)
def test_operator_syntax_becomes_plain_words(text):
    parsed = parse(text)

    for clause in parsed.clauses:
        for alternative in clause.alternatives:
            assert all(word.replace("'", "").isalnum() for word in alternative)


def test_too_long_is_refused_not_truncated():
    with pytest.raises(QueryTooLong):
        parse("x" * (MAX_QUERY_CHARS + 1))
