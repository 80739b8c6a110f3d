"""Flag content (any member) and the moderators' queue and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from hub.moderation.forms import DecisionForm, FlagForm
from hub.moderation.registry import moderatable_for
from hub.moderation.selectors import decisions_for, flags_for, hidden_items, moderation_queue
from hub.moderation.services import (
    RateLimited,
    content_hide,
    content_restore,
    flag_create,
    flag_refusal,
    flags_dismiss,
)


def _target_or_404(label: str, pk: int, user):
    entry = moderatable_for(label)
    if entry is None:
        raise Http404
    target = entry.get_queryset().filter(pk=pk).first()
    if target is None or not entry.visible_to(target, user):
        raise Http404
    return entry, target


def _require_moderator(request: HttpRequest) -> None:
    # Outsiders get 404, not 403: the queue's existence is not theirs to know about.
    if not (request.user.is_authenticated and request.user.is_moderator):
        raise Http404


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    entry, target = _target_or_404(label, pk, request.user)
    form = FlagForm(request.POST or None)
    status = 200
    refusal = flag_refusal(reporter=request.user, target=target)
    if refusal:
        # Refused before reading the form, and with a page that says why (no form to fill in).
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            flag_create(reporter=request.user, target=target, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        else:
            messages.success(
                request,
                gettext("Thank you. Moderators will look at this %(noun)s soon.")
                % {"noun": entry.noun},
            )
            return redirect(entry.url(target))
    return render(
        request,
        "moderation/flag.html",
        {
            "form": form,
            "entry": entry,
            "target": target,
            "target_title": entry.title(target),
            "target_url": entry.url(target),
            "refusal": refusal,
            "page_title": gettext("Flag this %(noun)s") % {"noun": entry.noun},
        },
        status=status,
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return render(
        request,
        "moderation/queue.html",
        {"items": moderation_queue(), "page_title": gettext("Moderation queue")},
    )


@login_required
def hidden(request: HttpRequest) -> HttpResponse:
    """Everything hidden, of every kind, to review and restore from."""
    _require_moderator(request)
    return render(
        request,
        "moderation/hidden.html",
        {"items": hidden_items(), "page_title": gettext("Hidden content")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    _require_moderator(request)
    entry, target = _target_or_404(label, pk, request.user)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        service = {"hide": content_hide, "restore": content_restore, "dismiss": flags_dismiss}[
            action
        ]
        try:
            service(moderator=request.user, target=target, note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = {
                "hide": gettext("The %(noun)s has been hidden."),
                "restore": gettext("The %(noun)s has been restored."),
                "dismiss": gettext("The %(noun)s has been left as it is."),
            }[action]
            messages.success(request, done % {"noun": entry.noun})
            return redirect("moderation:queue")
    return render(
        request,
        "moderation/review.html",
        {
            "form": form,
            "entry": entry,
            "target": target,
            "label": label,
            "target_title": entry.title(target),
            "target_url": entry.url(target),
            "target_excerpt": entry.excerpt(target),
            "is_hidden": entry.is_hidden(target),
            "flags": flags_for(target),
            "decisions": decisions_for(target),
            "page_title": gettext("Review %(noun)s") % {"noun": entry.noun},
        },
    )
