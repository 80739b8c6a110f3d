"""Django's own strings that standards pages use but Django's Welsh catalogue lacks.

``truncatechars`` (thread excerpts on the standard, comments and consultation pages) asks for
this message; listing it here puts it in our catalogue (locale/cy) so it has Welsh. Nothing
imports this module: makemessages reads it.
"""

from django.utils.translation import pgettext_lazy

TRUNCATION = pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")
