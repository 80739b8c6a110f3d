"""A working group's description is flaggable and hideable through hub.moderation (declared
once). The group itself stays (its members, channels and standards are not the moderators' to
hide); its description is withheld from its page, search and the JSON API until restored."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_is_visible_to
from hub.moderation.registry import Moderatable
from search.outbox import index_later

MODERATABLE = [
    Moderatable(
        model=WorkingGroup,
        noun=_("group description"),
        title=lambda group: gettext("Description of %(group)s") % {"group": group.name},
        url=lambda group: group.get_absolute_url(),
        author_id=lambda group: group.created_by_id,
        excerpt=lambda group: markdown_to_text(group.purpose)[:300],
        after_change=lambda group: index_later(group),
        visible_to=group_is_visible_to,
        hidden_field="purpose_hidden",
    )
]
