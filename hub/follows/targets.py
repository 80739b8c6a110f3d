"""What each follow target type points at: how to find it, name it, link to it, and who may see it.

``target_id`` is a primary key for everything except tags, whose id is the tag's name. Other
apps' models are looked up by label so following works whether or not they are installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from hub.follows.models import FollowTarget


@dataclass
class Target:
    target_type: str
    target_id: str
    name: str
    url: str


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _standard_visible(standard, user) -> bool:
    from hub.groups.selectors import group_is_visible_to

    return group_is_visible_to(standard.group, user)


def _group_visible(group, user) -> bool:
    from hub.groups.selectors import group_is_visible_to

    return group_is_visible_to(group, user)


MODEL_TARGETS = {
    FollowTarget.SERVICE: ("sharing.ServiceTopic", None),
    FollowTarget.COUNCIL: ("councils.Council", None),
    FollowTarget.PROJECT: ("sharing.Project", None),
    FollowTarget.STANDARD: ("standards.Standard", _standard_visible),
    FollowTarget.GROUP: ("workgroups.WorkingGroup", _group_visible),
}


def _as_id(key: str) -> int | None:
    """A database id from form input, or None: ASCII digits only (``int("²")`` raises) and
    within a 64-bit column (a bigger number crashes a foreign-key lookup)."""
    if not (key.isascii() and key.isdigit()) or len(key) > 18:
        return None
    return int(key)


def resolve(target_type: str, target_id: object, user=None) -> Target | None:
    """The target if it exists and ``user`` may see it; None otherwise (treated as not found)."""
    key = str(target_id)
    if target_type == FollowTarget.TAG:
        name = key.strip()
        if not name or len(name) > 100:
            return None
        return Target(target_type, name, name, _tag_url(name))
    if target_type == FollowTarget.PERSON:
        from accounts.models import Profile

        user_id = _as_id(key)
        if user_id is None:
            return None
        profile = Profile.objects.filter(
            user_id=user_id, user__is_active=True, handle__isnull=False
        ).first()
        if profile is None:
            return None
        return Target(target_type, key, profile.public_name, profile.get_absolute_url())
    spec = MODEL_TARGETS.get(target_type)
    pk = _as_id(key)
    if spec is None or pk is None:
        return None
    model = _model(spec[0])
    if model is None:
        return None
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or (spec[1] is not None and not spec[1](obj, user)):
        return None
    try:
        url = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = ""
    return Target(target_type, key, str(obj), url)


def resolve_many(pairs: list[tuple[str, str]], user=None) -> list[Target]:
    """``resolve`` for a whole list of (target_type, target_id), in one query per target type
    (plus one for the groups the user may see), keeping the order given."""
    ids: dict[str, set[int]] = {}
    for target_type, target_id in pairs:
        pk = _as_id(str(target_id))
        if pk is not None:
            ids.setdefault(target_type, set()).add(pk)
    found: dict[tuple[str, str], Target] = {}
    if ids.get(FollowTarget.PERSON):
        from accounts.models import Profile

        for profile in Profile.objects.filter(
            user_id__in=ids[FollowTarget.PERSON], user__is_active=True, handle__isnull=False
        ):
            key = str(profile.user_id)
            found[(FollowTarget.PERSON, key)] = Target(
                FollowTarget.PERSON, key, profile.public_name, profile.get_absolute_url()
            )
    visible_groups = None
    for target_type, (label, check) in MODEL_TARGETS.items():
        model = _model(label) if ids.get(target_type) else None
        if model is None:
            continue
        objects = model._default_manager.filter(pk__in=ids[target_type])
        if check is not None:
            if visible_groups is None:
                from hub.groups.selectors import groups_visible_to

                visible_groups = set(groups_visible_to(user).values_list("pk", flat=True))
            group_field = "pk" if target_type == FollowTarget.GROUP else "group_id"
            objects = objects.filter(**{f"{group_field}__in": visible_groups})
        for obj in objects:
            try:
                url = obj.get_absolute_url()
            except (AttributeError, NoReverseMatch):
                url = ""
            found[(target_type, str(obj.pk))] = Target(target_type, str(obj.pk), str(obj), url)
    result = []
    for target_type, target_id in pairs:
        if target_type == FollowTarget.TAG:
            target = resolve(target_type, target_id, user)  # no query: tags are names
        else:
            target = found.get((target_type, str(target_id)))
        if target is not None:
            result.append(target)
    return result


def _tag_url(name: str) -> str:
    from urllib.parse import urlencode

    try:
        return reverse("sharing:projects") + "?" + urlencode({"tag": name})
    except NoReverseMatch:
        return ""
