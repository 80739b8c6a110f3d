"""``{% load chat %}``: the message body filter shared by the page and the live cards."""

from django import template
from django.utils.safestring import SafeString

from hub.discussions.cards import message_html

register = template.Library()


@register.filter(name="message_html")
def message_html_filter(body: str) -> SafeString:
    return message_html(body or "")
