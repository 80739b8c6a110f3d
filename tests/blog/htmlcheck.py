"""Find executable markup in a page by parsing it, not by searching its text."""

from html.parser import HTMLParser

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:image/svg")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"svg", "iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}> element")
        # Our own scripts: static files and the JavaScript translation catalogue.
        if tag == "script" and not attributes.get("src", "").startswith(("/static/", "/jsi18n/")):
            self.problems.append("inline or foreign <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and (
                (value or "").strip().lower().startswith(DANGEROUS_SCHEMES)
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")


def executable_markup(html: str) -> list[str]:
    """Elements and attributes in ``html`` that could run script."""
    collector = _Collector()
    collector.feed(html)
    return collector.problems
