"""Form widgets shared by every app.

``Chooser``: choose several of many (services from the full LGSL, councils) without holding Ctrl
or Cmd. Without JavaScript it is a list of GOV.UK checkboxes in a scrolling box; with it
(``static/js/chooser.mjs``) and more than ``SEARCH_FROM`` options, GOV.UK's
``accessible-autocomplete`` finds an option by typing and ticks it, and only the ticked ones stay
listed.
"""

from django import forms
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _


class Chooser(forms.CheckboxSelectMultiple):
    chooser = True  # govuk_field renders it as checkboxes inside a chooser
    # Up to this many options stay plain checkboxes, with or without JavaScript.
    SEARCH_FROM = 15

    def __init__(self, *, add_label=None, attrs=None):
        super().__init__(attrs=attrs)
        self.add_label = add_label or _("Find one to add")

    def chooser_attrs(self) -> dict[str, str]:
        """The data attributes ``chooser.mjs`` reads (translated labels, library URLs)."""
        return {
            "data-hub-chooser": "",
            "data-search-from": str(self.SEARCH_FROM),
            "data-add-label": str(self.add_label),
            "data-no-results": str(_("Nothing matches")),
            "data-chosen-label": str(_("Chosen")),
            "data-script": static("accessible-autocomplete/accessible-autocomplete.min.js"),
            "data-stylesheet": static("accessible-autocomplete/accessible-autocomplete.min.css"),
        }
