from __future__ import annotations

from dataclasses import dataclass

from rest_framework import serializers

from articles.models import Article
from companies.models import Company
from forum.discussions.models import Post


class CompanyOutputSerializer(serializers.ModelSerializer[Company]):
    tickers = serializers.ListField(
        source="ticker_list",
        child=serializers.CharField(),
        help_text='Its tickers, the main one first: ["LYC.AX", "ASX:LYC"].',
    )
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    url = serializers.SerializerMethodField(help_text="The company's page.")

    class Meta:
        model = Company
        fields = ["name", "slug", "tickers", "aliases", "url"]

    def get_url(self, company: Company) -> str:
        url: str = self.context["request"].build_absolute_uri(company.get_absolute_url())
        return url


class CompanyArticleOutputSerializer(serializers.ModelSerializer[Article]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["title", "slug", "standfirst", "publish_at", "url"]

    def get_url(self, article: Article) -> str:
        url: str = self.context["request"].build_absolute_uri(article.get_absolute_url())
        return url


class CompanyCommentOutputSerializer(serializers.ModelSerializer[Post]):
    author = serializers.CharField(source="author.public_name", help_text='"deleted user".')
    topic = serializers.CharField(source="topic.title", help_text="The discussion's title.")
    url = serializers.SerializerMethodField(help_text="The comment's permalink.")

    class Meta:
        model = Post
        fields = ["id", "author", "topic", "body_html", "status", "created_at", "url"]

    def get_url(self, post: Post) -> str:
        url: str = self.context["request"].build_absolute_uri(post.get_absolute_url())
        return url


@dataclass(frozen=True)
class CompanyDetail:
    company: Company
    articles: list[Article]
    comments: list[Post]


class CompanyDetailOutputSerializer(serializers.Serializer[CompanyDetail]):
    """A company with its newest live articles and the newest comments naming it the viewer
    may see, as its page lists them first (its page and feed have more)."""

    company = CompanyOutputSerializer()
    articles = CompanyArticleOutputSerializer(many=True)
    comments = CompanyCommentOutputSerializer(many=True)
