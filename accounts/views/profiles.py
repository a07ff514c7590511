from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..selectors import user_get_public


def profile_detail(request: HttpRequest, handle: str) -> HttpResponse:
    profile = user_get_public(handle=handle)
    return render(request, "accounts/profile_detail.html", {"profile": profile})
