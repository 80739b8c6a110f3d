"""Profiles: the public page, the directory, and editing your own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import LanguageForm, PeopleFilterForm, ProfileForm
from accounts.models import Profile
from accounts.selectors import people_list, profile_is_visible_to
from accounts.services import account_language_set, profile_ensure, profile_update
from hub.core.contributions import collect


def people_directory(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_list(
        council=filters.get("council"),
        interest=filters.get("interest", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(people, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people_list.html",
        {"form": form, "page": page, "page_title": _("People")},
    )


def profile_detail(request: HttpRequest, handle: str) -> HttpResponse:
    profile = get_object_or_404(
        Profile.objects.select_related("council", "user").filter(user__is_active=True),
        handle=handle,
    )
    if not profile_is_visible_to(profile, request.user):
        raise Http404("No such person")  # hidden by a moderator
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "profile": profile,
            "page_title": profile.public_name,
            "is_own": request.user.is_authenticated and request.user.pk == profile.user_id,
            "profile_sections": collect("profile_sections", request, profile),
        },
    )


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = profile_ensure(user=request.user)
    if not profile.is_complete:
        return redirect("accounts:edit")
    return redirect(profile)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Edit your own profile; there is no way to name another member's here."""
    profile = profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "interests"}
        profile_update(profile=profile, data=data, interests=form.cleaned_data["interests"])
        messages.success(request, _("Your profile has been saved."))
        return redirect(profile)
    return render(
        request,
        "accounts/profile_form.html",
        {
            "form": form,
            "welcome": request.GET.get("welcome") == "1" or not profile.is_complete,
            "page_title": _("Edit your profile"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        account_language_set(user=request.user, language=language)
        with translation.override(language):
            messages.success(request, _("Your language has been saved."))
        return redirect("accounts:settings")
    return render(
        request, "accounts/settings.html", {"form": form, "page_title": _("Account settings")}
    )
