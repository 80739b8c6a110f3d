"""``{% follow_button target_type target_id [label] %}``: a Follow/Unfollow button that is a form.

It works without JavaScript (a POST with a CSRF token that comes back to the same page), so any
page can offer following with one line::

    {% load follows %}
    {% follow_button "project" project.pk project.title %}
"""

from django import template

from hub.follows.selectors import is_following

register = template.Library()


@register.inclusion_tag("follows/button.html", takes_context=True)
def follow_button(
    context, target_type: str, target_id, label: str = "", following: bool | None = None
) -> dict:
    """``following`` may be passed by list pages that already know it (one query fewer each)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if following is None:
        following = is_following(user=user, target_type=target_type, target_id=target_id)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "signed_in": bool(user and user.is_authenticated),
        "target_type": target_type,
        "target_id": target_id,
        "label": label,
        "following": following,
        "next": request.get_full_path() if request is not None else "/",
    }


@register.filter
def follow_kind(target_type: str) -> str:
    """The readable, translated name of a follow target type ("council" -> "Council")."""
    from hub.follows.models import FollowTarget

    return FollowTarget(target_type).label if target_type in FollowTarget.values else target_type
