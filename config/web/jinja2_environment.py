"""The environment of the site's Jinja2 templates: Django's URL reversing, date formatting, time
zone conversion and the few text filters the templates use, as its own template language offers
them (`{% url %}`, `|date`, `|localtime`, `|naturaltime`, `|truncatechars`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment


def date_in_current_zone(value: datetime | None, format_string: str) -> str:
    """Django's `|date` of `value` in the current time zone, as Django's template engine
    converts an aware datetime before the filter sees it; "" for None, as the filter gives:
    `{{ post.created_at|date("M j, Y, H:i") }}`."""
    if value is None:
        return ""
    return date_filter(timezone.localtime(value), format_string)


def environment(**options: Any) -> Environment:
    """Settings' TEMPLATES name this for the Jinja2 backend; `url` is reverse()."""
    env = Environment(**options)  # noqa: S701 - the backend passes autoescape=True
    env.globals["url"] = reverse
    env.filters["date"] = date_in_current_zone
    env.filters["localtime"] = timezone.localtime
    env.filters["naturaltime"] = naturaltime
    env.filters["truncatechars"] = truncatechars
    return env
