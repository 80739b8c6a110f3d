"""Search template tags: ``{% related_prior_work obj %}`` and the ``type_label`` filter.

Post and standard pages include::

    {% load search_tags %}
    {% related_prior_work post %}

It lists up to five similar things the viewer may see (more-like-this) and renders nothing
when there are none or search is unavailable, so it never breaks the page it sits on.
"""

from django import template

from search import api
from search.registry import type_labels

register = template.Library()


@register.filter
def type_label(doc_type: str) -> str:
    """Human name of a document type, e.g. "post" -> "Blog posts"."""
    return type_labels().get(doc_type, str(doc_type).replace("_", " ").capitalize())


@register.inclusion_tag("search/related.html", takes_context=True)
def related_prior_work(context: template.Context, obj, limit: int = 5) -> dict:
    """Similar prior work from across the hub (permission-filtered for the viewer)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"related_hits": api.related(obj, user=user, limit=limit)}
