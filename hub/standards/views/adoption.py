"""The adoption register: declaring, withdrawing, and councils' endpoints and their checks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hub.core.ratelimit import rate_limit_consume
from hub.standards import selectors, services
from hub.standards.forms import AdoptionForm, EndpointForm, WithdrawAdoptionForm
from hub.standards.models import Adoption
from hub.standards.services import adoption_endpoint_set, endpoint_check
from hub.standards.views.common import standard_for


def adoptions(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    versions = list(standard.versions.order_by("-major", "-minor"))
    form = AdoptionForm(request.POST or None, versions=versions)
    council = getattr(getattr(request.user, "profile", None), "council", None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            version = next(v for v in versions if str(v.pk) == form.cleaned_data["version"])
            try:
                services.adoption_declare(
                    standard=standard,
                    user=request.user,
                    version=version,
                    kind=form.cleaned_data["kind"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    endpoint_url=form.cleaned_data["endpoint_url"],
                )
            except services.StandardsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    gettext("%(council)s is now on the adoption register.") % {"council": council},
                )
                return redirect(f"{standard.get_absolute_url()}#adoptions")
        status = 400
    current = selectors.current_adoptions(standard)
    for adoption in current:
        adoption.standard = standard  # the permission check reads its group; no extra query
        adoption.can_withdraw = selectors.adoption_can_withdraw(adoption, request.user)
        adoption.conformance = selectors.conformance_label(adoption)
    return render(
        request,
        "standards/adoptions.html",
        {
            "standard": standard,
            "form": form,
            "council": council,
            "versions": versions,
            "current": current,
            "counts": selectors.adoption_counts(current),
            "conformance": selectors.conformance_counts(current),
            "audit": selectors.adoption_audit(standard),
            "can_change_status": selectors.standard_can_change_status(standard, request.user),
            "withdraw_form": WithdrawAdoptionForm(),
            "page_title": gettext("Adoption register: %(title)s") % {"title": standard.title},
        },
        status=status,
    )


@require_POST
@login_required
def adoption_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard = standard_for(request, slug)
    adoption = get_object_or_404(Adoption, pk=pk, standard=standard)
    form = WithdrawAdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Say why the declaration is being withdrawn."))
        return redirect("standards:adoptions", slug=slug)
    try:
        services.adoption_withdraw(
            adoption=adoption, user=request.user, reason=form.cleaned_data["reason"]
        )
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except services.StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The declaration by %(council)s has been withdrawn.")
            % {"council": adoption.council},
        )
    return redirect("standards:adoptions", slug=slug)


def _current_adoption(request: HttpRequest, slug: str, pk: int):
    standard = standard_for(request, slug)
    adoption = get_object_or_404(
        Adoption.objects.select_related("council", "version"), pk=pk, standard=standard
    )
    adoption.standard = standard
    return standard, adoption


@require_POST
@login_required
def adoption_endpoint(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Register, change or clear a declaration's live endpoint."""
    _standard, adoption = _current_adoption(request, slug, pk)
    form = EndpointForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give a web address starting with https://."))
        return redirect("standards:adoptions", slug=slug)
    try:
        adoption_endpoint_set(adoption=adoption, user=request.user, url=form.cleaned_data["url"])
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except services.StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The endpoint for %(council)s has been saved.") % {"council": adoption.council},
        )
    return redirect("standards:adoption_checks", slug=slug, pk=adoption.pk)


@require_POST
@login_required
def adoption_check_now(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check the endpoint now (those who may change the declaration; rate limited)."""
    _standard, adoption = _current_adoption(request, slug, pk)
    if not selectors.adoption_can_withdraw(adoption, request.user):
        raise PermissionDenied(
            gettext("Only the declarer, a verified member or a convenor can do this.")
        )
    if not rate_limit_consume(f"standards.endpoint_check:{adoption.pk}", "6/h"):
        messages.error(
            request, gettext("This endpoint was checked several times this hour. Try later.")
        )
    else:
        try:
            check = endpoint_check(adoption=adoption, trigger="demand")
        except services.StandardsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Checked: %(summary)s") % {"summary": check.summary})
    return redirect("standards:adoption_checks", slug=slug, pk=adoption.pk)


def adoption_checks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A declaration's endpoint and the history of its checks."""
    standard, adoption = _current_adoption(request, slug, pk)
    return render(
        request,
        "standards/adoption_checks.html",
        {
            "standard": standard,
            "adoption": adoption,
            "label": selectors.conformance_label(adoption),
            "checks": selectors.endpoint_history(adoption),
            "can_change": selectors.adoption_can_withdraw(adoption, request.user)
            and adoption.withdrawn_at is None,
            "endpoint_form": EndpointForm(initial={"url": adoption.endpoint_url}),
            "page_title": gettext("Endpoint checks: %(council)s · %(title)s")
            % {"council": adoption.council, "title": standard.title},
        },
    )
