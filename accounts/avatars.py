"""Avatars: checking and squaring an upload, and the initials drawn when there is none."""

from __future__ import annotations

import hashlib
import io
import re

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from PIL import Image, ImageOps

from .models import User

AVATAR_SIZE = 256
AVATAR_FILE_NAME = "avatar.png"  # every avatar is stored as a square PNG
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_SIDE = 4000
# Pillow plugin names; Image.open tries no other decoder, whatever the file's name says.
AVATAR_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
AVATAR_CONTENT_TYPES = "image/jpeg,image/png,image/gif,image/webp"

# White initials read at 4.5:1 or better on each of these (WCAG AA for normal text).
INITIALS_PALETTE = (
    "#1f6f8b",
    "#8b3a62",
    "#2e7d32",
    "#6a4c93",
    "#b23a48",
    "#1d4e89",
    "#7a5c00",
    "#00695c",
    "#a33c00",
    "#4e5d6c",
    "#6d4c41",
    "#283593",
)
DELETED_USER_COLOUR = "#6b7280"

_WORD_SEPARATORS = re.compile(r"[\s_.\-]+")


def avatar_process(upload: File[bytes]) -> ContentFile[bytes]:
    """The upload as a 256x256 PNG, cropped to its centre; ValidationError if it will not do.

    The size and the pixel dimensions are checked before any pixel is decoded, so a small
    file that would inflate to gigabytes (a decompression bomb) is refused unread.
    """
    if upload.size > AVATAR_MAX_BYTES:
        raise ValidationError(
            f"The image is {filesizeformat(upload.size)}; the most an avatar may be is "
            f"{filesizeformat(AVATAR_MAX_BYTES)}.",
            code="file_too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload, formats=AVATAR_FORMATS) as image:
            if image.width > AVATAR_MAX_SIDE or image.height > AVATAR_MAX_SIDE:
                raise ValidationError(
                    f"The image is {image.width}x{image.height} pixels; the most an avatar may "
                    f"be is {AVATAR_MAX_SIDE}x{AVATAR_MAX_SIDE}.",
                    code="image_too_large",
                )
            # exif_transpose loads the pixels: a truncated or corrupt file fails here.
            upright = ImageOps.exif_transpose(image)
            mode = "RGBA" if upright.has_transparency_data else "RGB"
            square = ImageOps.fit(
                upright.convert(mode), (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS
            )
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "Upload a JPEG, PNG, GIF or WebP image; this file is not one, or is damaged.",
            code="invalid_image",
        ) from exc
    out = io.BytesIO()
    square.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name=AVATAR_FILE_NAME)


def avatar_initials(name: str) -> str:
    """Up to two letters: the first of the first and of the last word of the name."""
    words = [word for word in _WORD_SEPARATORS.split(name) if word]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def avatar_colour(handle: str) -> str:
    """A palette colour fixed by the handle, so a person keeps theirs on every page."""
    digest = hashlib.sha256(handle.lower().encode()).digest()
    return INITIALS_PALETTE[int.from_bytes(digest[:4], "big") % len(INITIALS_PALETTE)]


def initials_avatar_svg(*, initials: str, colour: str, size: int) -> SafeString:
    """An inline SVG disc with the initials; decorative, the name is always shown beside it."""
    return format_html(
        '<svg class="avatar avatar-initials" width="{size}" height="{size}" '
        'viewBox="0 0 100 100" aria-hidden="true" focusable="false">'
        '<circle cx="50" cy="50" r="50" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" font-size="40" '
        'font-weight="600" font-family="system-ui, sans-serif">{initials}</text></svg>',
        size=size,
        colour=colour,
        initials=initials,
    )


def avatar_html(*, user: User, size: int) -> SafeString:
    """The uploaded avatar, else the initials; a deleted user's is a blank grey disc."""
    if user.state == User.State.DELETED:
        return initials_avatar_svg(initials="", colour=DELETED_USER_COLOUR, size=size)
    if user.avatar:
        return format_html(
            '<img class="avatar" src="{url}" width="{size}" height="{size}" alt="" '
            'loading="lazy" decoding="async">',
            url=user.avatar.url,
            size=size,
        )
    return initials_avatar_svg(
        initials=avatar_initials(user.public_name), colour=avatar_colour(user.username), size=size
    )
