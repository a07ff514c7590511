"""The addresses of many rows by one route, reversed once: a page of comments links each of
them to its permalink, its Like, its revisions... and reverse() per link was a fifth of
rendering the page."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from .query_params import BIGINT_MAX


def id_url(viewname: str) -> Callable[[int], str]:
    """`reverse(viewname, args=[pk])` as a function of `pk`, reversed once. For routes whose
    one argument is an `<id:pk>`: the converter writes an id as its digits, so every id's
    address is a marker id's with the id in its place."""
    marker = str(BIGINT_MAX)  # the largest id the `id` converter takes: no row has it yet
    head, found, tail = reverse(viewname, args=[BIGINT_MAX]).partition(marker)
    if not found or marker in tail:
        raise ValueError(f"{viewname} does not take one id in one place of its address")

    def url(pk: int) -> str:
        return f"{head}{pk}{tail}"

    return url
