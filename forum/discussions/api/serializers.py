from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from accounts.viewer import viewer_for
from articles.models import Article
from config.web.api_input import IdRelatedField, QueryIdField, StrictCharField
from forum.discussions.api.disclosure import disclosure_field
from forum.discussions.api.pagination import ThreadCursor, thread_cursor_decode
from forum.discussions.holds import post_hold_codes_shown_to_author
from forum.discussions.models import Category, HoldCode, Position, Post, Topic
from forum.discussions.permissions import category_start_refusal
from forum.discussions.selectors import PostNode, Sort


def _absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    url: str = serializer.context["request"].build_absolute_uri(path)
    return url


class UserOutputSerializer(serializers.Serializer[User]):
    handle = serializers.CharField(source="username")
    display_name = serializers.CharField(source="public_name")
    profile_url = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()

    def get_profile_url(self, user: User) -> str | None:
        """Null for a deleted account, which has no profile page."""
        return _profile_url(self, user)

    def get_avatar_url(self, user: User) -> str | None:
        """The uploaded avatar; null when there is none and clients draw the initials."""
        return _avatar_url(self, user)


def _profile_url(serializer: serializers.BaseSerializer[Any], user: User) -> str | None:
    if user.state == User.State.DELETED:
        return None
    return _absolute(serializer, user.get_absolute_url())


def _avatar_url(serializer: serializers.BaseSerializer[Any], user: User) -> str | None:
    if not user.avatar:
        return None
    return _absolute(serializer, user.avatar.url)


class PostAuthorOutputSerializer(serializers.Serializer[PostNode]):
    """A post's author, as UserOutputSerializer shows a user, and whether they moderate: given
    the post's node, which knows it from the roles read with the page's (no query each)."""

    handle = serializers.CharField(source="post.author.username")
    display_name = serializers.CharField(source="post.author.public_name")
    profile_url = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()
    is_moderator = serializers.BooleanField()

    def get_profile_url(self, node: PostNode) -> str | None:
        """Null for a deleted account, which has no profile page."""
        return _profile_url(self, node.post.author)

    def get_avatar_url(self, node: PostNode) -> str | None:
        """The uploaded avatar; null when there is none and clients draw the initials."""
        return _avatar_url(self, node.post.author)


class AuthorHoldReasonOutputSerializer(serializers.Serializer[dict[str, str]]):
    """Why a post is held, as its author reads it: the rule's code, never what it matched."""

    code = serializers.ChoiceField(choices=HoldCode.choices, help_text="What a client can act on.")
    # A field named label: DRF's metaclass takes it off the class, so it never shadows
    # Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The code, in words, for the author."
    )


class PostOutputSerializer(serializers.Serializer[PostNode]):
    """A post as the viewer sees it. A placeholder ("[deleted]", "[removed]") keeps only its
    place in the tree: author, body and edit time are withheld."""

    id = serializers.IntegerField(source="post.pk")
    topic = serializers.IntegerField(source="post.topic_id")
    author = PostAuthorOutputSerializer(source="*", allow_null=True)
    is_article_author = serializers.BooleanField()
    body = serializers.CharField(source="post.body", help_text="The Markdown source.")
    body_html = serializers.CharField(source="post.body_html", help_text="Sanitised HTML.")
    status = serializers.ChoiceField(source="post.status", choices=Post.Status.choices)
    placeholder = serializers.CharField(
        help_text='"[deleted]" or "[removed]" when only the replies under it are shown, else "".'
    )
    created_at = serializers.DateTimeField(source="post.created_at")
    edited_at = serializers.DateTimeField(source="post.edited_at", allow_null=True)
    edited_by_moderator = serializers.SerializerMethodField()
    like_count = serializers.IntegerField(source="post.like_count")
    liked = serializers.BooleanField(help_text="Whether the viewer likes it.")
    reply_count = serializers.IntegerField(source="post.reply_count")
    depth = serializers.IntegerField(source="post.depth")
    parent = serializers.IntegerField(  # type: ignore[assignment]  # a field named parent: DRF's metaclass takes it off the class, so it never shadows Field.parent
        source="post.parent_id", allow_null=True, help_text="The post it sits under in the tree."
    )
    reply_to = serializers.IntegerField(
        source="post.reply_to_id", allow_null=True, help_text="The post it answers."
    )
    replying_to = serializers.SerializerMethodField()
    permalink = serializers.SerializerMethodField()
    can_edit = serializers.BooleanField()
    can_delete = serializers.BooleanField()
    tickers = serializers.ListField(
        source="post.tickers",
        child=serializers.CharField(),
        help_text='The tickers and companies the body names, as symbols: ["MP", "LYC.AX"].',
    )
    disclosure = serializers.DictField(
        source="post.disclosure",
        child=serializers.ChoiceField(choices=Position.choices),
        help_text='The author\'s disclosed positions in them: {"MP": "long"}.',
    )
    hold_reasons = serializers.SerializerMethodField()
    moderation_reason = serializers.SerializerMethodField()

    def _viewer_is_author(self, node: PostNode) -> bool:
        viewer = viewer_for(self.context["request"])
        return viewer.is_authenticated and viewer.pk == node.post.author_id

    @extend_schema_field(AuthorHoldReasonOutputSerializer(many=True))
    def get_hold_reasons(self, node: PostNode) -> list[dict[str, Any]]:
        """The author's own view only, while the post is held or rejected: why rules held it,
        as codes. Empty for everyone else, and once it is shown."""
        if not self._viewer_is_author(node):
            return []
        codes = post_hold_codes_shown_to_author(node.post)
        return [{"code": code.value, "label": str(code.label)} for code in codes]

    def get_moderation_reason(self, node: PostNode) -> str:
        """The author's own view only: what a moderator told them on rejecting or removing it;
        "" for everyone else."""
        refused = node.post.status in (Post.Status.REJECTED, Post.Status.REMOVED)
        return node.post.moderation_reason if refused and self._viewer_is_author(node) else ""

    def get_replying_to(self, node: PostNode) -> str | None:
        """The handle of whom a reply answers when it sits beside that post, not under it (a
        reply beyond the deepest level)."""
        return node.replying_to.username if node.replying_to else None

    def get_edited_by_moderator(self, node: PostNode) -> bool:
        """Whether a moderator edited it (shown as "edited by a moderator")."""
        return node.post.moderator_edited_at is not None

    def get_permalink(self, node: PostNode) -> str:
        return _absolute(self, node.post.get_absolute_url())

    def to_representation(self, instance: PostNode) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.placeholder:
            # Held, refused and removed all read as removed: why is not the viewer's business.
            deleted = instance.post.status == Post.Status.DELETED
            data.update(
                author=None,
                is_article_author=False,
                body="",
                body_html="",
                status=Post.Status.DELETED if deleted else Post.Status.REMOVED,
                edited_at=None,
                edited_by_moderator=False,
                replying_to=None,
                tickers=[],
                disclosure={},
                hold_reasons=[],
                moderation_reason="",
            )
        return data


class PostNodeOutputSerializer(PostOutputSerializer):
    """A post with the replies under it, to any depth."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["replies"] = PostNodeOutputSerializer(source="children", many=True)
        return fields


class ThreadListOutputSerializer(serializers.Serializer[dict[str, Any]]):
    topic = serializers.IntegerField(help_text="The discussion's topic id.")
    count = serializers.IntegerField(help_text="Visible comments in the discussion.")
    latest_post_id = serializers.IntegerField(
        help_text="The newest post when the page was read: pass it as `after` to "
        "/forum/topics/{id}/posts/new/ for what came since."
    )
    sort = serializers.ChoiceField(choices=Sort.CHOICES)
    next = serializers.URLField(allow_null=True, help_text="The next page of threads, if any.")
    reply_refusal = serializers.CharField(
        allow_null=True, help_text="Why the viewer may not comment here; null when they may."
    )
    results = PostNodeOutputSerializer(many=True)


class ThreadListQueryInputSerializer(serializers.Serializer[dict[str, Any]]):
    sort = serializers.ChoiceField(
        choices=Sort.CHOICES,
        required=False,
        help_text="Order of the top-level threads; replies always read oldest first. "
        "Defaults to the cursor's order, else oldest.",
    )
    cursor = StrictCharField(
        required=False, help_text="Opaque: the `next` link of the previous page carries it."
    )

    def validate_cursor(self, value: str) -> ThreadCursor:
        try:
            return thread_cursor_decode(value)
        except signing.BadSignature as error:
            raise serializers.ValidationError(
                "This cursor is not valid. Start again from the first page."
            ) from error

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        cursor: ThreadCursor | None = attrs.get("cursor")
        sort = attrs.get("sort")
        if cursor is not None and sort is not None and sort != cursor.sort:
            raise serializers.ValidationError(
                {"cursor": "This cursor belongs to another sort order."}
            )
        attrs["sort"] = sort or (cursor.sort if cursor else Sort.DEFAULT)
        attrs["after"] = cursor.after if cursor else None
        return attrs


class NewPostsQueryInputSerializer(serializers.Serializer[dict[str, Any]]):
    after = QueryIdField(min_value=0, help_text="A post id: the `latest_post_id` read last.")


class NewPostsOutputSerializer(serializers.Serializer[dict[str, Any]]):
    latest_post_id = serializers.IntegerField(
        help_text="Pass as `after` next time: the last post listed, or `after` if none."
    )
    results = PostOutputSerializer(
        many=True, help_text="Oldest first; `parent` says where each goes in the tree."
    )


class PostCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(
        allow_blank=True, trim_whitespace=False, help_text="Markdown; @handle mentions link."
    )
    parent = IdRelatedField(  # type: ignore[assignment]  # a field named parent: DRF's metaclass takes it off the class, so it never shadows Field.parent
        queryset=Post.objects.select_related("author"),
        required=False,
        allow_null=True,
        help_text="The post this answers; top-level when absent.",
        error_messages={
            "does_not_exist": "That comment does not exist.",
            "incorrect_type": "A comment is given by its id.",
        },
    )
    disclosure = disclosure_field()


class PostUpdateInputSerializer(serializers.Serializer[dict[str, Any]]):
    body = StrictCharField(allow_blank=True, trim_whitespace=False)
    reason = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A moderator editing another's post: why, told to its author and logged.",
    )


class ReactionOutputSerializer(serializers.Serializer[dict[str, Any]]):
    like_count = serializers.IntegerField()
    liked = serializers.BooleanField(help_text="Whether the viewer now likes the post.")


class CategoryOutputSerializer(serializers.Serializer[Category]):
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    is_open = serializers.SerializerMethodField(
        help_text="Whether readers may start topics here (never in Articles, whose topics "
        "come from publishing)."
    )
    url = serializers.SerializerMethodField()

    def get_is_open(self, category: Category) -> bool:
        return category.is_open and category_start_refusal(category) is None

    def get_url(self, category: Category) -> str:
        return _absolute(self, category.get_absolute_url())


class ArticleLinkOutputSerializer(serializers.Serializer[Article]):
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, article: Article) -> str:
        return _absolute(self, article.get_absolute_url())


class TopicOutputSerializer(serializers.Serializer[Topic]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    author = UserOutputSerializer(allow_null=True)
    article = ArticleLinkOutputSerializer(
        allow_null=True, help_text="The article an article's discussion belongs to."
    )
    is_closed = serializers.BooleanField()
    is_pinned = serializers.BooleanField()
    post_count = serializers.IntegerField(
        help_text="Visible comments, not counting a forum topic's opening post."
    )
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()

    def get_url(self, topic: Topic) -> str:
        return _absolute(self, topic.get_absolute_url())


class TopicDetailOutputSerializer(TopicOutputSerializer):
    # The view puts `opening_post` (a PostNode or None) and `reply_refusal` in the context.

    category = CategoryOutputSerializer()
    comments_url = serializers.SerializerMethodField()
    posts_url = serializers.SerializerMethodField(help_text="This topic's posts in the API.")
    opening_post = serializers.SerializerMethodField(
        help_text="What a forum topic opens with; null for an article's discussion, or when "
        "the viewer may not see it."
    )
    reply_refusal = serializers.SerializerMethodField()

    def get_comments_url(self, topic: Topic) -> str:
        """Where people read the comments: under the article, or on the topic page."""
        return _absolute(self, topic.comments_url)

    def get_posts_url(self, topic: Topic) -> str:
        return _absolute(self, reverse("api-forum-topic-posts", kwargs={"pk": topic.pk}))

    @extend_schema_field(PostOutputSerializer(allow_null=True))
    def get_opening_post(self, topic: Topic) -> dict[str, Any] | None:
        node: PostNode | None = self.context["opening_post"]
        if node is None:
            return None
        return PostOutputSerializer(node, context=self.context).data

    def get_reply_refusal(self, topic: Topic) -> str | None:
        """Why the viewer may not comment here; null when they may."""
        refusal: str | None = self.context["reply_refusal"]
        return refusal


class TopicCreateInputSerializer(serializers.Serializer[dict[str, Any]]):
    title = StrictCharField(allow_blank=True, help_text="5 to 200 characters.")
    body = StrictCharField(
        allow_blank=True, trim_whitespace=False, help_text="The opening post, in Markdown."
    )
    disclosure = disclosure_field()
