import pytest
from hypothesis import given
from hypothesis import strategies as st

from blaupause.core.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "[klick](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src='https://example.org'></iframe>",
    '<svg onload="alert(1)"></svg>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_removes_script_and_handlers(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onload" not in html
    assert "<iframe" not in html
    assert "<img" not in html
    assert "<svg" not in html


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("## Ziel\n\n**Wichtig** und [Quelle](https://example.org)")
    assert "<h2>Ziel</h2>" in html
    assert "<strong>Wichtig</strong>" in html
    assert 'href="https://example.org"' in html


@given(st.text())
def test_markdown_never_emits_script_tags(text):
    assert "<script" not in render_markdown(text).lower()
