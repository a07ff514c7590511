"""The companies of the rare-earth supply chain readers name most, to start the admin's list."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# name, slug, tickers (main first), other names
COMPANIES = (
    ("MP Materials", "mp-materials", "MP, NYSE:MP", ""),
    ("Lynas Rare Earths", "lynas", "LYC.AX, ASX:LYC, LYSCF", "Lynas"),
    ("Iluka Resources", "iluka", "ILU.AX, ASX:ILU, ILKAF", "Iluka"),
    ("Energy Fuels", "energy-fuels", "UUUU, NYSEAMERICAN:UUUU, TSX:EFR", ""),
    ("Neo Performance Materials", "neo-performance", "NEO.TO, TSX:NEO, NOPMF", "Neo Performance"),
    ("USA Rare Earth", "usa-rare-earth", "USAR, NASDAQ:USAR", ""),
    ("Arafura Rare Earths", "arafura", "ARU.AX, ASX:ARU", "Arafura"),
    (
        "China Northern Rare Earth",
        "china-northern-rare-earth",
        "SSE:600111",
        "Northern Rare Earth, China Northern",
    ),
    ("Shenghe Resources", "shenghe", "SSE:600392", "Shenghe"),
    ("Ucore Rare Metals", "ucore", "UCU.V, TSXV:UCU, UURAF", "Ucore"),
    ("Rare Element Resources", "rare-element", "REEMF", ""),
    ("Vulcan Elements", "vulcan-elements", "", ""),
    ("Niron Magnetics", "niron", "", "Niron"),
    ("Noveon Magnetics", "noveon", "", "Noveon"),
    ("Australian Strategic Materials", "asm", "ASM.AX, ASX:ASM", ""),
    ("Pensana", "pensana", "PRE.L, LSE:PRE", ""),
    ("Mkango Resources", "mkango", "MKA.V, TSXV:MKA", "Mkango"),
    ("Hastings Technology Metals", "hastings", "HAS.AX, ASX:HAS", ""),
)


def seed(apps: Any, schema_editor: Any) -> None:
    Company = apps.get_model("companies", "Company")
    for name, slug, tickers, aliases in COMPANIES:
        Company.objects.get_or_create(
            slug=slug, defaults={"name": name, "tickers": tickers, "aliases": aliases}
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    slugs = [slug for _name, slug, _tickers, _aliases in COMPANIES]
    apps.get_model("companies", "Company").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_companies")]
    operations = [migrations.RunPython(seed, unseed)]
