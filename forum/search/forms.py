"""The search form: the same fields on the page (GET, no JavaScript needed) and in the API."""

from __future__ import annotations

from typing import Any

from django import forms

from companies.tickers import ticker_symbol
from forum.search.models import SearchDocument
from forum.search.selectors import SearchFilters, SearchSort

QUERY_MAX_LENGTH = 200
# A ticker as readers write it: MP, $MP, NYSE:MP, ASX: LYC, LYC.AX (companies/tickers.py).
TICKER_PATTERN = r"^\$?(?:[A-Za-z]{2,12}\s?:\s?)?[A-Za-z0-9]{1,8}(?:\.[A-Za-z]{1,3})?$"
TICKER_HELP = "A ticker: MP, $MP, NYSE:MP or LYC.AX."
TICKER_INVALID = "Not a ticker: write it as MP, $MP, NYSE:MP or LYC.AX."


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=QUERY_MAX_LENGTH, required=False)
    kind = forms.MultipleChoiceField(
        label="Type",
        choices=SearchDocument.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: all of them.",
    )
    author = forms.RegexField(
        label="Author",
        regex=r"^@?[A-Za-z0-9_]{1,30}$",
        required=False,
        help_text="A handle, as @handle.",
        error_messages={"invalid": "A handle is letters, digits and _ (up to 30)."},
    )
    tag = forms.SlugField(label="Tag", required=False, max_length=60)
    ticker = forms.RegexField(
        label="Ticker",
        regex=TICKER_PATTERN,
        required=False,
        max_length=30,
        help_text=TICKER_HELP,
        error_messages={"invalid": TICKER_INVALID},
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(SearchSort.RELEVANCE, "Relevance"), (SearchSort.NEWEST, "Newest")],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end comes before the start.")
        return data

    def has_something_to_look_for(self) -> bool:
        """Precondition: the form is valid. Words, or a filter that lists by itself (an
        author's, a tag's or a ticker's posts, as selectors.search does)."""
        data = self.cleaned_data
        return bool(data["q"] or data["author"] or data["tag"] or data["ticker"])

    def filters(self) -> SearchFilters:
        """Precondition: the form is valid."""
        data = self.cleaned_data
        return SearchFilters(
            kinds=frozenset(data["kind"] or SearchDocument.Kind.values),
            author=data["author"].lstrip("@"),
            tag=data["tag"],
            ticker=ticker_symbol(data["ticker"]) if data["ticker"] else "",
            date_from=data["date_from"],
            date_to=data["date_to"],
        )

    def sort_order(self) -> str:
        """Precondition: the form is valid."""
        return self.cleaned_data["sort"] or SearchSort.RELEVANCE
