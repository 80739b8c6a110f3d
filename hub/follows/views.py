"""Follow and unfollow (a plain POST form; JS may enhance it), and the weekly digest choice."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hub.core.ratelimit import rate_limit_consume
from hub.follows import selectors, services, targets
from hub.follows.models import DigestPreference


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def follow_set(request: HttpRequest) -> HttpResponse:
    """Follow (following=1) or unfollow (following=0) one target, then go back."""
    target = targets.resolve(
        request.POST.get("target_type", ""), request.POST.get("target_id", ""), request.user
    )
    if target is None:
        raise Http404("Nothing to follow there")
    following = request.POST.get("following") != "0"
    if following and not rate_limit_consume(f"follow:{request.user.pk}", "120/h"):
        messages.error(request, _("You have followed a lot in the last hour. Try again later."))
        return redirect(_safe_next(request, target.url or "/"))
    services.follow_set(
        user=request.user,
        target_type=target.target_type,
        target_id=target.target_id,
        following=following,
    )
    messages.success(
        request,
        _("You are following %(name)s.") % {"name": target.name}
        if following
        else _("You stopped following %(name)s.") % {"name": target.name},
    )
    return redirect(_safe_next(request, target.url or "/"))


class DigestForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["weekly"]
        labels = {"weekly": gettext_lazy("Email me a weekly digest")}
        help_texts = {
            "weekly": gettext_lazy("A Monday email listing new activity from what you follow.")
        }


@login_required
@require_http_methods(["GET", "POST"])
def following(request: HttpRequest) -> HttpResponse:
    """What you follow, with unfollow buttons, and the weekly digest setting."""
    preference = DigestPreference.objects.filter(user=request.user).first()
    form = DigestForm(
        request.POST or None, instance=preference or DigestPreference(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.digest_preference_set(user=request.user, weekly=form.cleaned_data["weekly"])
        messages.success(
            request,
            _("You will get a weekly digest.")
            if form.cleaned_data["weekly"]
            else _("Weekly digest turned off."),
        )
        return redirect("follows:following")
    return render(
        request,
        "follows/following.html",
        {
            "form": form,
            "targets": selectors.followed_targets(user=request.user),
            "page_title": _("What you follow"),
        },
    )
