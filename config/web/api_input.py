"""Fields that take only the JSON type they name, for every input serializer of the API (whose
bodies config/web/api_parsers.py reads).

DRF's own fields coerce: a CharField takes 123 as "123", an IntegerField takes 1.0, "1" and
true, a PrimaryKeyRelatedField looks up 1.5 as post 1. A client sending the wrong type has a
bug, and is told so with a field error instead. Every input serializer declares its fields
from here (tests/config/web/test_api_input.py checks that they do)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model
from rest_framework import serializers

from .query_params import BIGINT_MAX, MAX_OFFSET


def _is_integer(data: object) -> bool:
    return isinstance(data, int) and not isinstance(data, bool)


class StrictCharField(serializers.CharField):
    """A string, and only a string: 123 is "Not a valid string.", not "123"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false: not "yes", 1 or "true"."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, within a bigint unless bounds are given: not 1.0, 1.5, "1" or true."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -BIGINT_MAX - 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if not _is_integer(data):
            self.fail("invalid")
        return int(data)


class IdRelatedField(serializers.PrimaryKeyRelatedField[Model]):
    """An object given by its id: a JSON integer from 1 to the largest bigint (anything else
    is `incorrect_type`; an id out of that range `does_not_exist`, as it cannot)."""

    def to_internal_value(self, data: Any) -> Model:
        if not _is_integer(data):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= BIGINT_MAX:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


# Query strings are text, so their numbers are parsed from it, in ASCII digits only (int() reads
# "٣" as 3), within the bounds config/web/query_params.py gives the HTML pages.
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")


class QueryIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if not isinstance(data, str) or not _ASCII_INTEGER.fullmatch(data):
            self.fail("invalid")
        return int(data)


class QueryOffsetField(QueryIntegerField):
    """`?offset=`: where a page starts."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=MAX_OFFSET, **kwargs)


class QueryIdField(QueryIntegerField):
    """An id in a query string (`?after=`); from 1 unless `min_value` says otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(max_value=BIGINT_MAX, **kwargs)
