"""Times as editors read them: in the site's time zone, with the zone named."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def site_time_zone_label(at: datetime | None = None) -> str:
    """The site's zone with its UTC offset at `at` (now by default): "+08:00 (Asia/Shanghai)"."""
    local = timezone.localtime(at or timezone.now())
    return f"{_offset(local)} ({timezone.get_current_timezone_name()})"


def site_time(at: datetime | None) -> str:
    """`at` in the site's time zone, named: "2026-01-26 09:00 +08:00 (Asia/Shanghai)"."""
    if at is None:
        return "-"
    local = timezone.localtime(at)
    return f"{local:%Y-%m-%d %H:%M} {site_time_zone_label(at)}"


def _offset(local: datetime) -> str:
    offset = local.strftime("%z")  # "+0800"
    return f"{offset[:3]}:{offset[3:]}"
