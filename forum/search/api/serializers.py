from __future__ import annotations

from typing import Any

from rest_framework import serializers

from companies.tickers import ticker_symbol
from forum.discussions.models import Post
from forum.search.forms import QUERY_MAX_LENGTH, TICKER_HELP, TICKER_INVALID, TICKER_PATTERN
from forum.search.models import SearchDocument
from forum.search.results import SearchResult, search_result
from forum.search.selectors import SearchFilters, SearchSort


class SearchQueryInputSerializer(serializers.Serializer[dict[str, Any]]):
    q = serializers.CharField(
        max_length=QUERY_MAX_LENGTH,
        allow_blank=True,
        default="",
        trim_whitespace=True,
        help_text='Web-search syntax: words all match, "a phrase", -word leaves out, `or` for '
        "either side, smelt* for words starting so, @handle for one author.",
    )
    kind = serializers.MultipleChoiceField(
        choices=SearchDocument.Kind.choices,
        required=False,
        help_text="Repeat for several; none: all kinds.",
    )
    author = serializers.RegexField(
        r"^@?[A-Za-z0-9_]{1,30}$", required=False, help_text="A handle, with or without @."
    )
    tag = serializers.SlugField(max_length=60, required=False, help_text="A tag's slug.")
    ticker = serializers.RegexField(
        TICKER_PATTERN,
        max_length=30,
        required=False,
        help_text=f"{TICKER_HELP} The comments naming it and the articles about its company.",
        error_messages={"invalid": TICKER_INVALID},
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False, help_text="Inclusive.")
    sort = serializers.ChoiceField(choices=SearchSort.CHOICES, default=SearchSort.RELEVANCE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": "The end comes before the start."})
        return attrs

    def filters(self) -> SearchFilters:
        data = self.validated_data
        return SearchFilters(
            kinds=frozenset(data.get("kind") or SearchDocument.Kind.values),
            author=data.get("author", "").lstrip("@"),
            tag=data.get("tag", ""),
            ticker=ticker_symbol(data["ticker"]) if data.get("ticker") else "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class SearchResultOutputSerializer(serializers.Serializer[SearchDocument]):
    """A document from selectors.search, shown as results.search_result shows it."""

    kind = serializers.ChoiceField(choices=SearchDocument.Kind.choices)
    title = serializers.CharField(help_text="The article's or the discussion's title.")
    url = serializers.SerializerMethodField(help_text="The article, topic or comment permalink.")
    snippet_html = serializers.CharField(
        source="snippet",
        help_text="Text around the matches, HTML-escaped, each match in <mark></mark>: the "
        "only markup it holds.",
    )
    author = serializers.CharField(source="author_name", help_text='"deleted user" once deleted.')
    published_at = serializers.DateTimeField()
    status = serializers.ChoiceField(
        choices=Post.Status.choices,
        help_text="visible; or, for what only its author or a moderator finds, the post's status.",
    )

    def to_representation(self, instance: SearchDocument) -> dict[str, Any]:
        return super().to_representation(search_result(instance))  # type: ignore[arg-type]  # the fields read the SearchResult made from the document

    def get_url(self, result: SearchResult) -> str:
        url: str = self.context["request"].build_absolute_uri(result.url)
        return url
