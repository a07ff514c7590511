"""Changes a person makes to their own public profile."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import MaxLengthValidator
from django.db import transaction

from ..avatars import AVATAR_FILE_NAME, avatar_process
from ..confusables import bidi_controls
from ..models import BIO_MAX_LENGTH, User
from ..permissions import check_can_change_profile
from ..selectors import user_name_lookalike_exists
from ..viewer import Viewer

PROFILE_FIELDS = ("display_name", "bio", "avatar")
DISPLAY_NAME_BIDI_MESSAGE = (
    "A display name cannot contain characters that change the direction of text."
)
DISPLAY_NAME_LOOKALIKE_MESSAGE = (
    "That display name looks like another member's name or handle. Please choose another."
)


def display_name_validate(*, name: str, user: User) -> None:
    """Refuse direction-changing characters, and a new name that looks like another user's
    display name or handle (a copy with look-alike letters, or in another case). The user's
    own name and handle do not count, and a name kept as it is stays allowed even if another
    user since took one like it. Raises ValidationError."""
    if bidi_controls(name):
        raise ValidationError(DISPLAY_NAME_BIDI_MESSAGE, code="bidi_control")
    if name and name != user.display_name and user_name_lookalike_exists(name=name, excluding=user):
        raise ValidationError(DISPLAY_NAME_LOOKALIKE_MESSAGE, code="lookalike")


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    avatar: File[bytes] | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change what is given (None leaves a field as it is); all of it, or on error nothing.

    A new avatar is checked and squared to a PNG; the file it replaces, or a removed one, is
    deleted only once the change is committed. Raises PermissionDenied for a suspended or
    banned user, and ValidationError keyed by field for bad input, naming every bad field.
    """
    check_can_change_profile(Viewer.of(user))
    if avatar is not None and remove_avatar:
        raise ValidationError({"avatar": "Upload a new avatar or remove it, not both."})

    previous = (user.display_name, user.bio)
    errors: dict[str, list[ValidationError]] = {}
    square = None
    if avatar is not None:
        try:
            square = avatar_process(avatar)
        except ValidationError as exc:
            errors["avatar"] = exc.error_list
    if display_name is not None:
        try:
            display_name_validate(name=display_name, user=user)
        except ValidationError as exc:
            errors["display_name"] = exc.error_list
        user.display_name = display_name
    if bio is not None:
        user.bio = bio
    for field, field_errors in _profile_field_errors(user).items():
        errors.setdefault(field, []).extend(field_errors)
    if errors:
        user.display_name, user.bio = previous
        raise ValidationError(errors)

    if square is not None or remove_avatar:
        _avatar_replace(user, square)
    user.save(update_fields=["display_name", "bio", "avatar"])
    return user


def _profile_field_errors(user: User) -> dict[str, list[ValidationError]]:
    """The model's own checks of the profile fields as they now stand, and the bio's length."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        user.full_clean(
            exclude=[
                field.name
                for field in User._meta.concrete_fields
                if field.name not in PROFILE_FIELDS
            ]
        )
    except ValidationError as exc:
        errors.update(exc.error_dict)
    # A model TextField's max_length is not a validator; the limit is kept here, for every caller.
    try:
        MaxLengthValidator(BIO_MAX_LENGTH)(user.bio)
    except ValidationError as exc:
        errors["bio"] = exc.error_list
    return errors


def _avatar_replace(user: User, square: File[bytes] | None) -> None:
    """Put `square` in place of the user's avatar, or with None remove it; the file it replaces
    is deleted once the change is committed. Precondition: inside a transaction."""
    # Read afresh under a row lock: of two uploads at once, each deletes the file it
    # replaced, and neither leaves the other's behind.
    old_avatar = (
        User.objects.select_for_update(no_key=True).values_list("avatar", flat=True).get(pk=user.pk)
    )
    if square is not None:
        user.avatar.save(AVATAR_FILE_NAME, square, save=False)
    else:
        user.avatar = ""
    if old_avatar:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
