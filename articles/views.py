from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forum.views import comments_context

from .selectors import article_get_for_viewer, article_highlights, article_list_live


def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(article_list_live(), settings.ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = article_get_for_viewer(slug=slug, viewer=request.user)
    discussion = getattr(article, "discussion", None)
    context = {
        "article": article,
        "highlights": article_highlights(article),
        "discussion": discussion,
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
    }
    if discussion is not None:
        context |= comments_context(request, discussion)
    return render(request, "articles/article_detail.html", context)
