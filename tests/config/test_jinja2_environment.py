from __future__ import annotations

from datetime import UTC, datetime

from django.template import engines
from django.urls import reverse
from django.utils import timezone

from config.web.jinja2_environment import date_in_current_zone

AT = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def test_jinja2_templates_reverse_urls_as_django_does() -> None:
    template = engines["jinja2"].from_string("{{ url('forum:like', args=[7]) }}")

    assert template.render({}) == reverse("forum:like", args=[7])


def test_jinja2_date_filter_formats_in_the_current_zone_as_django_templates_do() -> None:
    django = engines["django"].from_string('{{ at|date:"M j, Y, H:i" }} {{ at|date:"c" }}')
    jinja = engines["jinja2"].from_string("{{ at|date('M j, Y, H:i') }} {{ at|date('c') }}")

    with timezone.override("Asia/Kolkata"):
        assert (
            jinja.render({"at": AT})
            == django.render({"at": AT})
            == ("Mar 2, 2026, 05:00 2026-03-02T05:00:00+05:30")
        )


def test_jinja2_localtime_isoformat_is_django_date_c_in_the_current_zone() -> None:
    django = engines["django"].from_string('{{ at|date:"c" }}')
    jinja = engines["jinja2"].from_string("{{ (at|localtime).isoformat() }}")

    with timezone.override("America/New_York"):
        assert jinja.render({"at": AT}) == django.render({"at": AT}) == "2026-03-01T18:30:00-05:00"


def test_date_in_current_zone_is_empty_for_none_as_the_date_filter_is() -> None:
    assert date_in_current_zone(None, "c") == ""
