"""Path converters shared by the apps' URLs."""

from __future__ import annotations

from .query_params import BIGINT_MAX


class IdConverter:
    """`<id:pk>`: a row's id, a whole number within a bigint. Django's `<int:>` takes any number
    of digits, and an id past a bigint reaches the database (`pk__in=[...]` is not guarded as
    `pk=` is): SQLite cannot bind it and PostgreSQL says "bigint out of range", a 500. Here it
    matches no route: a 404, as any id that names nothing."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError(value)  # to the resolver: this route does not match
        return number

    def to_url(self, value: int) -> str:
        return str(value)
