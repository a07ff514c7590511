"""`{% avatar user 48 %}`: a user's avatar at a size in CSS pixels, without a query."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..avatars import avatar_html
from ..models import User

register = template.Library()


@register.simple_tag
def avatar(user: User, size: int = 48) -> SafeString:
    return avatar_html(user=user, size=size)
