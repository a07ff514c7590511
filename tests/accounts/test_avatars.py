"""Avatar uploads checked and squared, and the initials drawn when there is none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image
from pytest_django import Settings

from accounts.avatars import (
    AVATAR_MAX_BYTES,
    DELETED_USER_COLOUR,
    INITIALS_PALETTE,
    avatar_colour,
    avatar_initials,
    avatar_process,
)
from accounts.models import User
from tests.factories import UserFactory, image_upload


def opened(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


@pytest.mark.parametrize(
    ("fmt", "mode"), [("PNG", "RGB"), ("JPEG", "RGB"), ("GIF", "P"), ("WEBP", "RGB")]
)
def test_avatar_process_squares_each_accepted_format_to_a_256_png(fmt: str, mode: str) -> None:
    square = avatar_process(image_upload(fmt=fmt, mode=mode, size=(900, 300)))

    image = opened(square.read())
    assert image.format == "PNG"
    assert image.size == (256, 256)


def test_avatar_process_keeps_transparency() -> None:
    square = avatar_process(image_upload(mode="RGBA"))

    assert opened(square.read()).mode == "RGBA"


def test_avatar_process_reads_the_content_not_the_file_name() -> None:
    square = avatar_process(image_upload(fmt="JPEG", name="not-really.txt"))

    assert opened(square.read()).size == (256, 256)


def test_avatar_process_refuses_text_named_like_an_image() -> None:
    upload = SimpleUploadedFile("avatar.png", b"<?php echo 'hello'; ?>")

    with pytest.raises(ValidationError) as excinfo:
        avatar_process(upload)

    assert excinfo.value.code == "invalid_image"


def test_avatar_process_refuses_image_formats_other_than_the_four() -> None:
    with pytest.raises(ValidationError) as excinfo:
        avatar_process(image_upload(fmt="BMP", name="avatar.bmp"))

    assert excinfo.value.code == "invalid_image"


def test_avatar_process_refuses_a_truncated_image() -> None:
    whole = image_upload(fmt="JPEG", size=(400, 400)).read()

    with pytest.raises(ValidationError) as excinfo:
        avatar_process(SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2]))

    assert excinfo.value.code == "invalid_image"


def test_avatar_process_refuses_files_over_2_mb() -> None:
    upload = image_upload(padding=AVATAR_MAX_BYTES)

    with pytest.raises(ValidationError) as excinfo:
        avatar_process(upload)

    assert excinfo.value.code == "file_too_large"
    assert "2.0\xa0MB" in excinfo.value.message


@pytest.mark.parametrize("size", [(4001, 10), (10, 4001)])
def test_avatar_process_refuses_more_than_4000_pixels_a_side(size: tuple[int, int]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        avatar_process(image_upload(size=size, mode="1"))

    assert excinfo.value.code == "image_too_large"


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Ann Reed", "AR"),
        ("Mary Ann van der Berg", "MB"),
        ("magnet_watcher", "MW"),
        ("zoë", "Z"),
        ("  ", ""),
    ],
)
def test_avatar_initials_are_the_first_and_last_words_first_letters(
    name: str, initials: str
) -> None:
    assert avatar_initials(name) == initials


def test_avatar_colour_is_fixed_by_the_handle_in_any_case() -> None:
    assert avatar_colour("Ann_R") == avatar_colour("ann_r")
    assert avatar_colour("ann_r") in INITIALS_PALETTE


def test_avatar_colour_differs_between_handles() -> None:
    assert len({avatar_colour(f"user{n}") for n in range(50)}) > 1


def render_avatar(user: User, size: int = 48) -> str:
    return Template("{% load avatars %}{% avatar user size %}").render(
        Context({"user": user, "size": size})
    )


def test_avatar_tag_draws_initials_without_a_query() -> None:
    # No django_db mark here: a query would fail the test.
    user = UserFactory.build(username="ann_r", display_name="Ann Reed")

    html = render_avatar(user, 32)

    assert html.startswith('<svg class="avatar avatar-initials" width="32" height="32"')
    assert f'fill="{avatar_colour("ann_r")}"' in html
    assert ">AR</text>" in html


def test_avatar_tag_escapes_the_initials() -> None:
    user = UserFactory.build(username="x_y", display_name="<script>")

    assert "&lt;</text>" in render_avatar(user)


def test_avatar_tag_shows_the_uploaded_image(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory.build(avatar="avatars/1-20250101000000.png")

    html = render_avatar(user, 64)

    assert html.startswith('<img class="avatar" src="/media/avatars/1-20250101000000.png"')
    assert 'width="64" height="64" alt=""' in html


def test_avatar_tag_shows_a_blank_grey_disc_for_deleted_users() -> None:
    user = UserFactory.build(
        username="ann_r", state=User.State.DELETED, avatar="avatars/1-20250101000000.png"
    )

    html = render_avatar(user)

    assert f'fill="{DELETED_USER_COLOUR}"' in html
    assert "<img" not in html
    assert "></text>" in html
