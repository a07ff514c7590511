"""Recognising tickers and company names in comments: every written form of a ticker, company
names as whole words, and no ordinary word or price taken for one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from companies.models import Company
from companies.tickers import mentions, symbols, ticker_symbol

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return symbols(mentions(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$MP", ["MP"]),
        ("watching $mp today", ["MP"]),
        ("NYSE:MP", ["MP"]),
        ("NYSE: MP", ["MP"]),
        ("ASX:LYC", ["LYC.AX"]),
        ("$LYC", ["LYC.AX"]),
        ("LYC.AX", ["LYC.AX"]),
        ("$LYC.AX", ["LYC.AX"]),
        ("LYSCF on the pink sheets", []),  # a bare ticker is a word: only with $ or exchange
        ("$LYSCF", ["LYC.AX"]),
        ("TSXV:UCU", ["UCU.V"]),
        ("UCU.V", ["UCU.V"]),
        ("TSX:NEO", ["NEO.TO"]),
        ("NASDAQ:USAR", ["USAR"]),
        ("ILU.AX", ["ILU.AX"]),
        ("SSE:600111", ["SSE:600111"]),
        ("TSXV:ABC, a company nobody listed", ["TSXV:ABC"]),
        ("$XYZ", ["XYZ"]),
        ("Lynas", ["LYC.AX"]),
        ("lynas rare earths", ["LYC.AX"]),
        ("MP Materials and Iluka", ["MP", "ILU.AX"]),
        ("Energy Fuels, Neo Performance Materials", ["UUUU", "NEO.TO"]),
        ("China Northern Rare Earth", ["SSE:600111"]),
        ("USA Rare Earth", ["USAR"]),
        ("Noveon and Niron", ["NOVEON", "NIRON"]),
        ("$MP, NYSE:MP and MP Materials", ["MP"]),
    ],
)
def test_mentions_recognise_each_form(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "My MP wrote back about the strategy.",
        "It costs $5 to ship, or US$30 by air, A$12.50 in Perth.",
        "The U.S. and the E.U. agree.",
        "Neodymium: neo is only a prefix.",
        "Energy and fuels are the main costs.",
        "Northern hemisphere winters.",
        "ASX: the Australian exchange.",
        "lyc.ax in lower case is not a listing.",
        "Lynasite and Ilukaite are not the companies.",
        "Vulcan was a god.",
        "$ 5 and $$ and $",
    ],
)
def test_mentions_find_no_ticker_in_ordinary_words(text: str) -> None:
    assert found(text) == []


def test_mentions_say_where_each_is() -> None:
    text = "Long $MP and Lynas Rare Earths."

    assert [(m.symbol, text[m.start : m.end]) for m in mentions(text)] == [
        ("MP", "$MP"),
        ("LYC.AX", "Lynas Rare Earths"),
    ]


def test_ticker_symbol_reads_a_ticker_as_written() -> None:
    assert [ticker_symbol(t) for t in ("$lyc", "ASX: LYC", "LYC.AX", "MP", "$ABC")] == [
        "LYC.AX",
        "LYC.AX",
        "LYC.AX",
        "MP",
        "ABC",
    ]


def test_company_clean_refuses_what_is_not_a_ticker() -> None:
    company = Company(name="Acme", slug="acme", tickers="ACME, not a ticker")

    with pytest.raises(ValidationError) as refused:
        company.full_clean()

    assert "tickers" in refused.value.message_dict


def test_company_clean_puts_tickers_in_capitals() -> None:
    company = Company(name="Acme", slug="acme", tickers="acme, asx:acm")
    company.full_clean()

    assert company.tickers == "ACME, ASX:ACM"


def test_company_added_in_the_admin_is_recognised_at_once(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    assert found("Acme Magnetics and $ACM") == ["ACM"]  # an unknown cashtag, as written

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/companies/company/add/",
            {"name": "Acme Magnetics", "slug": "acme", "tickers": "ACM.AX", "aliases": ""},
        )

    assert response.status_code == 302
    assert found("Acme Magnetics and $ACM") == ["ACM.AX"]


def test_company_deleted_in_the_admin_is_no_longer_recognised(
    admin_client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    lynas = Company.objects.get(slug="lynas")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/companies/company/{lynas.pk}/delete/", {"post": "yes"})

    assert found("Lynas and $LYC") == ["LYC"]
