from __future__ import annotations

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.viewer import viewer_for
from config.web.cached_html import cached_page, csrf_placeholder
from config.web.requests import HtmxHttpRequest
from forum.discussions.views import comments_context

from .fragments import article_fragment
from .selectors import article_get_with_discussion, article_list_live, article_page_version


def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(article_list_live(), settings.ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/article_list.html", {"page": page})


def article_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The article and its comments. Everyone logged out sees the same page, so theirs is
    cached whole, under the versions of the article and of its discussion: a change to
    either is a new key, and no one is served a page from before it."""
    if request.user.is_authenticated or request.htmx or len(get_messages(request)):
        return _article_page(request, slug)
    version = article_page_version(slug=slug)
    if version is None:
        return _article_page(request, slug)  # not live: the 404
    return cached_page(
        "articles:page",
        (version, request.build_absolute_uri()),  # the canonical link names the host asked
        lambda: _article_page(request, slug, csrf_token=csrf_placeholder()),
        seconds=settings.ARTICLE_PAGE_CACHE_SECONDS,
    )


def _article_page(
    request: HttpRequest, slug: str, *, csrf_token: str | None = None
) -> HttpResponse:
    """The page around the article's shared rendering (articles/fragments.py): the header of
    whoever reads it, and the comments as they see them."""
    # A member's roles and verified address are asked below (may they comment, moderate):
    # read together.
    viewer = viewer_for(request, with_checks=True)
    article = article_get_with_discussion(slug=slug, viewer=viewer)
    discussion = getattr(article, "discussion", None)
    context = {
        "article": article,
        "fragment": article_fragment(request, article),
        "discussion": discussion,
    }
    if discussion is not None:
        context |= comments_context(request, discussion)
    if csrf_token is not None:
        # Over the context processor's: see config/web/cached_html.py.
        context["csrf_token"] = csrf_token
    return render(request, "articles/article_detail.html", context)
