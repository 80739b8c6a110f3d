"""The shared Markdown renderer: real Markdown in, allow-listed HTML out."""

import re

import pytest

from hub.core.markdown import markdown_to_text, render_markdown

XSS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<img src=x onerror="alert(1)">',
    "![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
    '<svg onload="alert(1)"></svg>',
    "<a href='javascript:alert(1)'>x</a>",
    "[x](<javascript:alert(1)>)",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markdown_renders_inert(payload):
    html = str(render_markdown(payload)).lower()
    tags = re.findall(r"<[a-z][^>]*>", html)  # real tags only; escaped text is inert
    assert not any(tag.startswith(("<script", "<iframe", "<style", "<svg")) for tag in tags)
    assert not any(re.search(r"\son\w+\s*=", tag) for tag in tags), tags
    assert not any("javascript:" in tag or "data:" in tag or "style=" in tag for tag in tags), tags


def test_markdown_features_survive():
    html = str(
        render_markdown("## Head\n\n- a\n- b\n\n|x|y|\n|-|-|\n|1|2|\n\n`code` [l](https://e.org)")
    )
    assert "<h2>Head</h2>" in html and "<li>a</li>" in html and "<table>" in html
    assert "<code>code</code>" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_plain_text_for_summaries():
    assert markdown_to_text("# Title\n\nSome **bold** text") == "Title Some bold text"
