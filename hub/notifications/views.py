from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hub.notifications.models import Notification
from hub.notifications.services import notifications_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "actor__profile"
    )
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "page_title": _("Notifications")},
    )


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about (a harmless GET side effect, as on GitHub)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


def _preference_rows(user) -> list[dict]:
    from hub.notifications.kinds import registry
    from hub.notifications.models import EmailPreference

    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "frequency"))
    rows = [
        {
            "name": kind.name,
            "label": str(kind.label),
            "group": str(kind.group),
            "value": chosen.get(kind.name, kind.email_default),
            "default": kind.email_default,
        }
        for kind in registry().values()
        if kind.emailed
    ]
    return sorted(rows, key=lambda row: (row["group"], row["label"]))


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request: HttpRequest) -> HttpResponse:
    """Per kind: off, straight away, daily or weekly. A plain form: one radio group per kind."""
    from hub.notifications.models import EmailFrequency
    from hub.notifications.services import email_preference_set

    rows = _preference_rows(request.user)
    if request.method == "POST":
        for row in rows:
            value = request.POST.get(row["name"])
            if value in EmailFrequency.values and value != row["value"]:
                email_preference_set(user=request.user, kind=row["name"], frequency=value)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "choices": EmailFrequency.choices, "page_title": _("Email notifications")},
    )


@csrf_exempt  # the signed token is the authority; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: a POST (from the mail client, or the button on the GET page)
    turns those kinds' emails off without signing in. GET only asks, so link scanners that
    follow links change nothing."""
    from hub.notifications.emails import unsubscribe_read
    from hub.notifications.kinds import registry
    from hub.notifications.services import email_unsubscribe as unsubscribe

    found = unsubscribe_read(token)
    if found is None:
        return render(
            request,
            "notifications/unsubscribe.html",
            {"invalid": True, "page_title": _("Unsubscribe")},
            status=400,
        )
    user_id, kinds = found
    labels = [str(registry()[k].label) for k in kinds if k in registry()]
    done = False
    if request.method == "POST":
        unsubscribe(user_id=user_id, kinds=kinds)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"labels": labels, "done": done, "token": token, "page_title": _("Unsubscribe")},
    )
