"""The parts of a moderation card (forum/moderation/cards.py) the API shows beside the post:
why it was held and where in its text, and the article it is under."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from articles.highlights import HighlightNode
from forum.discussions.models import HoldCode
from forum.moderation.cards import ModerationItem
from forum.moderation.hold_reasons import HoldReason, Span


def _absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    url: str = serializer.context["request"].build_absolute_uri(path)
    return url


class SpanOutputSerializer(serializers.Serializer[Span]):
    start = serializers.IntegerField(help_text="Offset of the first character in `post.body`.")
    end = serializers.IntegerField(help_text="Offset just past the last character.")


class HoldReasonOutputSerializer(serializers.Serializer[HoldReason]):
    code = serializers.ChoiceField(
        choices=HoldCode.choices,
        allow_blank=True,
        help_text='The rule, or readers\' reports: what to decide by. "" for a post held '
        "before codes were kept.",
    )
    # A field named label: DRF's metaclass takes it off the class, so it never shadows
    # Field.label.
    label = serializers.CharField(help_text="The code, in words.")  # type: ignore[assignment]
    text = serializers.CharField(help_text="What the rule found, in words, for moderators.")
    spans = SpanOutputSerializer(
        many=True, help_text="The parts of `post.body` (its Markdown source) that triggered it."
    )


class HighlightOutputSerializer(serializers.Serializer[HighlightNode]):
    text = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["children"] = HighlightOutputSerializer(many=True)
        return fields


class CardArticleOutputSerializer(serializers.Serializer[ModerationItem]):
    title = serializers.CharField(source="post.topic.article.title")
    url = serializers.SerializerMethodField()
    disclaimer = serializers.CharField(source="post.topic.article.disclaimer")
    highlights = HighlightOutputSerializer(many=True, help_text="An outline, nested.")

    def get_url(self, item: ModerationItem) -> str:
        return _absolute(self, item.post.topic.comments_url)
