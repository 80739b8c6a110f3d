"""Django's own strings that part B's pages use but Django's Welsh catalogue lacks.

``truncatechars`` (thread excerpts on the standard, comments and consultation pages) and
``timesince`` ("last message 5 minutes ago" on channels and the home page's channel section)
ask for these messages; listing them here puts them in our catalogue (locale/cy), with all six
Welsh plural forms. Nothing imports this module: makemessages reads it.
"""

from django.utils.translation import ngettext_lazy, pgettext_lazy

TRUNCATION = pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")

TIMESINCE = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
