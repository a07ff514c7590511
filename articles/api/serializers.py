from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..highlights import HighlightNode
from ..models import Article, ArticleNote
from ..selectors import article_highlights, article_notes, article_updated_at


class HighlightSerializer(serializers.Serializer[HighlightNode]):
    text = serializers.CharField()
    children = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, node: HighlightNode) -> list[dict[str, object]]:
        return HighlightSerializer(node.children, many=True).data  # type: ignore[return-value]


class SectionSerializer(serializers.Serializer[dict[str, object]]):
    anchor = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField()


class SourceSerializer(serializers.Serializer[Article]):
    name = serializers.CharField(source="source_name")
    url = serializers.CharField(source="source_url")
    kind = serializers.CharField(source="source_kind")


class ArticleNoteSerializer(serializers.ModelSerializer[ArticleNote]):
    class Meta:
        model = ArticleNote
        fields = ["kind", "text", "at"]


class ArticleListOutputSerializer(serializers.ModelSerializer[Article]):
    url = serializers.SerializerMethodField()
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    comment_count = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["title", "slug", "standfirst", "publish_at", "tags", "url", "comment_count"]

    def get_url(self, article: Article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())

    def get_comment_count(self, article: Article) -> int:
        discussion = getattr(article, "discussion", None)
        return discussion.post_count if discussion else 0


class ArticleDetailOutputSerializer(ArticleListOutputSerializer):
    highlights = serializers.SerializerMethodField()
    sections = SectionSerializer(many=True)
    source = SourceSerializer(source="*")
    author = serializers.StringRelatedField(allow_null=True)
    discussion_url = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField(
        help_text="When the article was last corrected or updated (its latest note); null if "
        "never. Edits without a note do not move it."
    )
    notes = serializers.SerializerMethodField(help_text="Corrections and updates, newest first.")

    class Meta(ArticleListOutputSerializer.Meta):
        fields = [
            *ArticleListOutputSerializer.Meta.fields,
            "author",
            "highlights",
            "body_html",
            "sections",
            "disclaimer",
            "source",
            "comments_open",
            "discussion_url",
            "updated_at",
            "notes",
        ]

    @extend_schema_field(HighlightSerializer(many=True))
    def get_highlights(self, article: Article) -> list[dict[str, object]]:
        return HighlightSerializer(article_highlights(article), many=True).data  # type: ignore[return-value]

    def get_discussion_url(self, article: Article) -> str | None:
        discussion = getattr(article, "discussion", None)
        if discussion is None:
            return None
        return self.context["request"].build_absolute_uri(discussion.get_absolute_url())

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_updated_at(self, article: Article) -> str | None:
        updated_at = article_updated_at(article)
        if updated_at is None:
            return None
        return str(serializers.DateTimeField().to_representation(updated_at))

    @extend_schema_field(ArticleNoteSerializer(many=True))
    def get_notes(self, article: Article) -> list[dict[str, object]]:
        return ArticleNoteSerializer(article_notes(article), many=True).data  # type: ignore[return-value]
