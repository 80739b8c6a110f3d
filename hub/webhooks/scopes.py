"""What a webhook can watch, found by slug through each app's own permission checks."""

from dataclasses import dataclass

from hub.webhooks.models import ScopeType


@dataclass
class Scope:
    scope_type: str
    scope_id: int
    name: str


def resolve(scope_type: str, slug: str, user) -> Scope | None:
    """The thing the member asked for, if it exists and they may see it (None otherwise)."""
    slug = (slug or "").strip().lower()[:220]
    if not slug:
        return None
    obj = None
    if scope_type == ScopeType.GROUP:
        from hub.groups.models import WorkingGroup
        from hub.groups.selectors import group_is_visible_to

        obj = WorkingGroup.objects.filter(slug=slug).first()
        obj = obj if obj and group_is_visible_to(obj, user) else None
    elif scope_type == ScopeType.STANDARD:
        from hub.standards.models import Standard
        from hub.standards.selectors import standard_is_visible_to

        obj = Standard.objects.select_related("group").filter(slug=slug).first()
        obj = obj if obj and standard_is_visible_to(obj, user) else None
    elif scope_type == ScopeType.CHANNEL:
        from hub.discussions.selectors import channel_get_visible

        obj = channel_get_visible(slug=slug, user=user)
    elif scope_type == ScopeType.SERVICE:
        from hub.sharing.models import ServiceTopic

        obj = ServiceTopic.objects.filter(slug=slug).first()
    elif scope_type == ScopeType.COUNCIL:
        from hub.councils.models import Council

        obj = Council.objects.filter(slug=slug).first()
    if obj is None:
        return None
    return Scope(scope_type, obj.pk, str(obj))
