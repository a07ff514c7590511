from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .selectors import topic_get_for_viewer


def topic_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    topic = topic_get_for_viewer(pk=pk, viewer=request.user)
    if slug != topic.slug:
        return redirect(topic, permanent=True)
    return render(request, "forum/topic_detail.html", {"topic": topic})
