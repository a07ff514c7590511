"""/companies/ and /companies/<slug>/: every company, and one company's articles and comments."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.viewer import viewer_for
from companies.models import Company
from forum.company_pages.selectors import company_articles, company_comments, company_get


@require_GET
def company_index(request: HttpRequest) -> HttpResponse:
    companies = Company.objects.only("name", "slug", "tickers")
    return render(request, "company_pages/company_index.html", {"companies": companies})


@require_GET
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The company's latest articles, and its comments a page at a time, newest first."""
    company = company_get(slug=slug)
    comments = Paginator(
        company_comments(company=company, viewer=viewer_for(request)),
        settings.COMPANY_COMMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    articles = company_articles(company=company)[: settings.COMPANY_ARTICLES_SHOWN]
    context = {
        "company": company,
        "articles": list(articles),
        "page": comments,
        "comments": [row.post for row in comments],
    }
    return render(request, "company_pages/company_detail.html", context)
