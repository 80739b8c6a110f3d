"""Council directory and council pages."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.selectors import people_list
from hub.councils.forms import CouncilFilterForm
from hub.councils.models import Council
from hub.councils.selectors import council_list


def council_directory(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    councils = council_list(
        nation=filters.get("nation", ""),
        council_type=filters.get("council_type", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(councils, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "councils/council_list.html",
        {"form": form, "page": page, "page_title": _("Councils")},
    )


def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    # The directory's rules (active members with a complete profile): a deactivated member's
    # profile answers 404, so the council page must not list or link to it either.
    practitioners = people_list(council=council)
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "practitioners": practitioners,
            "page_title": council.name,
            "council_sections": council_page_sections(request, council),
        },
    )


def council_page_sections(request: HttpRequest, council: Council) -> list:
    """Extra sections other apps contribute to the council page (posts, projects, standards).

    Each app that wants a section lists a callable in its ``council_sections`` module attribute
    ``SECTIONS``; it receives (request, council) and returns a dict with ``title`` and
    ``template`` plus its own context, or None to show nothing.
    """
    from hub.core.contributions import collect

    return collect("council_sections", request, council)
