"""The addresses of many rows by one route, reversed once: a page of comments links each of
them to its permalink, its Like, its revisions... and each author to their profile, and
reverse() per link was a fifth of rendering the page."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse

from .query_params import BIGINT_MAX

# What reverse() writes as it is given: its quoting leaves ASCII letters, digits and "_" alone.
_PLAIN = re.compile(r"[A-Za-z0-9_]+")
_PLAIN_MARKER = "MARKER_0123456789_MARKER"


def id_url(viewname: str, *after: str) -> Callable[[int], str]:
    """`reverse(viewname, args=[pk, *after])` as a function of `pk`, reversed once. For routes
    whose first argument is an `<id:pk>`: the converter writes an id as its digits, so every
    id's address is a marker id's with the id in its place."""
    # The largest id the `id` converter takes: no row has it yet.
    marked = reverse(viewname, args=[BIGINT_MAX, *after])
    head, tail = _around(viewname, str(BIGINT_MAX), marked)

    def url(pk: int) -> str:
        return f"{head}{pk}{tail}"

    return url


def plain_url(viewname: str, kwarg: str) -> Callable[[str], str]:
    """`reverse(viewname, kwargs={kwarg: value})` as a function of `value`, reversed once for
    every value of ASCII letters, digits and underscores (a handle), which the route's
    converter must write as it is given; any other value is reversed, and quoted, as usual."""
    address = reverse(viewname, kwargs={kwarg: _PLAIN_MARKER})
    head, tail = _around(viewname, _PLAIN_MARKER, address)

    def url(value: str) -> str:
        if _PLAIN.fullmatch(value):
            return f"{head}{value}{tail}"
        return reverse(viewname, kwargs={kwarg: value})

    return url


def _around(viewname: str, marker: str, address: str) -> tuple[str, str]:
    """What comes before and after the one `marker` in `address`."""
    head, found, tail = address.partition(marker)
    if not found or marker in tail:
        raise ValueError(f"{viewname} does not take one value in one place of its address")
    return head, tail
