"""/search/: a form and a page of results, links all the way (no JavaScript needed)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.viewer import viewer_for
from forum.search.forms import SearchForm
from forum.search.paging import SearchPaginator
from forum.search.results import search_result
from forum.search.selectors import search


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_valid() and form.has_something_to_look_for():
        documents = search(
            form.cleaned_data["q"],
            viewer=viewer_for(request),
            filters=form.filters(),
            sort=form.sort_order(),
        )
        page = SearchPaginator(documents, settings.SEARCH_RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context |= {
            "searched": True,
            "page": page,
            "results": [search_result(document) for document in page],
        }
    status = 400 if form.errors else 200
    return render(request, "search/search.html", context, status=status)
