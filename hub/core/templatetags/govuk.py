"""GOV.UK Design System components as template tags, so pages reuse markup instead of copying it.

Loaded as a template builtin (see ``TEMPLATES`` in settings): every template can use
``{% govuk_field form.name %}``, ``{% govuk_error_summary form %}``, ``{% govuk_pagination page %}``
and the ``markdown`` filter without ``{% load %}``.
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hub.core.markdown import render_markdown

register = template.Library()


def _widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, label_size: str = "s", width: str = "") -> SafeString:
    """Render one form field as a GOV.UK form group with label, hint and error message."""
    kind = _widget_kind(field)
    input_class = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
    }.get(kind, "")
    if width and kind == "input":
        input_class += f" govuk-input--width-{width}"
    if field.errors and input_class:
        input_class += f" {input_class.split()[0]}--error"
    attrs = {"class": input_class.strip()} if input_class else {}
    # GOV.UK advises against maxlength: the browser silently truncates what people type or
    # paste. The server validates length and says so in the error summary instead.
    attrs["maxlength"] = False
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    widget_html = field.as_widget(attrs=attrs) if kind not in {"radios", "checkboxes"} else ""
    return render_to_string(
        "govuk/field.html",
        {
            "field": field,
            "kind": kind,
            "widget_html": widget_html,
            "label_size": label_size,
            "described_by": " ".join(described_by),
            "chooser_attrs": field.field.widget.chooser_attrs()
            if getattr(field.field.widget, "chooser", False)
            else None,
        },
    )


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_to_check: forms.BaseForm) -> dict:
    """GOV.UK error summary linking each message to its field; non-field errors first."""
    errors = []
    for form in forms_to_check:
        if form is None or not form.is_bound:
            continue
        errors.extend({"text": error, "href": ""} for error in form.non_field_errors())
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            errors.extend({"text": error, "href": f"#{bound.auto_id}"} for error in field_errors)
    return {"errors": errors}


@register.inclusion_tag("govuk/pagination.html", takes_context=True)
def govuk_pagination(context: template.Context, page) -> dict:
    """GOV.UK pagination for a Django ``Page``, keeping the current query string's filters."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else {}

    def url_for(number: int) -> str:
        query["page"] = number
        return "?" + query.urlencode()

    items = []
    if page is not None and page.paginator.num_pages > 1:
        last = page.paginator.num_pages
        shown = sorted(
            {1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1))
        )
        previous = 0
        for number in shown:
            if number - previous > 1:
                items.append({"ellipsis": True})
            items.append(
                {"number": number, "href": url_for(number), "current": number == page.number}
            )
            previous = number
    return {
        "page": page,
        "items": items,
        "previous_href": url_for(page.previous_page_number())
        if page and page.has_previous()
        else "",
        "next_href": url_for(page.next_page_number()) if page and page.has_next() else "",
    }


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    """Render user Markdown, sanitised. The only sanctioned way to show user HTML."""
    return render_markdown(value)


@register.filter(name="content_lang")
def content_lang(obj) -> SafeString:
    """`` lang="cy"`` for a post, standard or message written in a language other than the
    page's (``<div class="govuk-body"{{ post|content_lang }}>``); empty otherwise."""
    from hub.core.content_language import lang_attribute

    return lang_attribute(getattr(obj, "language", None))
