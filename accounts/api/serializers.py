from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from config.web.api_input import StrictCharField

from ..avatars import AVATAR_MAX_BYTES, AVATAR_MAX_SIDE
from ..models import BIO_MAX_LENGTH, Delivery, NotificationKind, User
from ..roles import Role
from ..selectors import user_posts_public
from ..viewer import Viewer, viewer_for


class StrictInputSerializer(serializers.Serializer[dict[str, Any]]):
    """Refuses keys it does not know, so a typo or a field that cannot be changed here is
    not silently ignored."""

    unknown_field_message = "Unknown field."

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(unknown, self.unknown_field_message), code="unknown_field"
            )
        return attrs


class UserPublicOutputSerializer(serializers.ModelSerializer[User]):
    handle = serializers.CharField(source="username")
    avatar_url = serializers.SerializerMethodField()
    post_count = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["handle", "display_name", "bio", "avatar_url", "date_joined", "post_count"]

    def get_post_count(self, user: User) -> int:
        """Visible comments in public discussions."""
        return user_posts_public(user=user).count()

    def get_avatar_url(self, user: User) -> str | None:
        """The uploaded avatar; null when there is none and clients draw the initials."""
        if not user.avatar:
            return None
        url: str = self.context["request"].build_absolute_uri(user.avatar.url)
        return url


class MeOutputSerializer(UserPublicOutputSerializer):
    """The logged-in user, as they see themselves: their roles and verified address are those
    the request's viewer read."""

    email_verified = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    suspended_until = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    is_discussion_staff = serializers.SerializerMethodField()

    class Meta(UserPublicOutputSerializer.Meta):
        fields = [
            *UserPublicOutputSerializer.Meta.fields,
            "email",
            "email_verified",
            "state",
            "suspended_until",
            "roles",
            "is_discussion_staff",
        ]

    def _viewer(self) -> Viewer:
        """The logged-in user this answer describes, as the rest of the request sees them."""
        return viewer_for(self.context["request"])

    def get_email_verified(self, user: User) -> bool:
        return self._viewer().email_verified

    def get_state(self, user: User) -> User.State:
        """The state in force now: a suspension that has ended reads as active."""
        return user.effective_state

    def get_suspended_until(self, user: User) -> datetime | None:
        """When the suspension in force ends; null when none is."""
        if user.effective_state != User.State.SUSPENDED:
            return None
        return user.suspended_until

    def get_roles(self, user: User) -> list[Role]:
        return [role for role in Role if self._viewer().has_role(role)]

    def get_is_discussion_staff(self, user: User) -> bool:
        return self._viewer().is_discussion_staff


class MeUpdateInputSerializer(StrictInputSerializer):
    unknown_field_message = "Not a field you can change here; you can change display_name and bio."

    display_name = StrictCharField(
        max_length=User._meta.get_field("display_name").max_length,
        allow_blank=True,
        required=False,
    )
    bio = StrictCharField(max_length=BIO_MAX_LENGTH, allow_blank=True, required=False)


class AvatarInputSerializer(serializers.Serializer[dict[str, Any]]):
    avatar = serializers.FileField(
        help_text=(
            f"A JPEG, PNG, GIF or WebP image of at most {AVATAR_MAX_BYTES} bytes and "
            f"{AVATAR_MAX_SIDE}x{AVATAR_MAX_SIDE} pixels; stored cropped to a 256x256 PNG."
        )
    )


class DeliveryField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Delivery.choices, **kwargs)


class DeliveryFieldExtension(OpenApiSerializerFieldExtension):
    """Every kind refers to one Delivery enum in the schema, not to an enum named per kind."""

    target_class = DeliveryField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        component = ResolvedComponent(
            name="DeliveryEnum",
            type=ResolvedComponent.SCHEMA,
            object="DeliveryEnum",
            schema={
                "type": "string",
                "enum": Delivery.values,
                "description": "\n".join(f"* `{d.value}` - {d.label}" for d in Delivery),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _delivery_fields() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    return {
        kind.value: DeliveryField(required=False, help_text=kind.label) for kind in NotificationKind
    }


class NotificationPreferencesOutputSerializer(
    serializers.Serializer[dict[NotificationKind, Delivery]]
):
    """Notification kind -> delivery; moderation kinds are present for discussion staff only."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return _delivery_fields()


class NotificationPreferencesInputSerializer(StrictInputSerializer):
    """Notification kind -> delivery; kinds left out keep theirs."""

    unknown_field_message = "Not a kind of notification."

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return _delivery_fields()
