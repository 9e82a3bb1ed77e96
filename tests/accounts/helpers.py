"""Checks on rendered pages that every page of this app must pass."""

import re
from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = []
        self._in_h1 = False
        self.inline_scripts = 0
        self.style_attributes = 0
        self.inputs = []  # (id, type)
        self.labels = set()
        self.headings = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.style_attributes += 1
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.inline_scripts += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.inputs.append(attrs.get("id"))
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def assert_accessible_page(response) -> str:
    """One <h1>, headings without skipped levels, every field labelled, no inline script or
    style. Returns the text of the <h1>."""
    html = response.content.decode()
    page = _Page()
    page.feed(html)
    assert len(page.h1) == 1, f"expected one <h1>, found {page.h1}"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    unlabelled = [field for field in page.inputs if field not in page.labels]
    assert not unlabelled, f"fields without a label: {unlabelled}"
    assert page.inline_scripts == 0, "inline <script> breaks the CSP"
    assert page.style_attributes == 0, "style=/on…= attributes break the CSP"
    return " ".join(page.h1[0].split())
