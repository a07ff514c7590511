"""The finance rules switched on, with the promotion patterns and pump phrases a moderator of an
investor forum sees most."""

from __future__ import annotations

from typing import Any

from django.db import migrations

PHRASES = (
    "last chance",
    "load up",
    "load up now",
    "buy now",
    "get in now",
    "get in early",
    "before it's too late",
    "before its too late",
    "before it explodes",
    "before it rips",
    "before it moons",
    "don't miss out",
    "dont miss out",
    "act now",
    "now or never",
    "while you still can",
    "back up the truck",
    "going parabolic",
    "next tenbagger",
    "guaranteed gains",
    "can't lose",
    "easy money",
    "short squeeze incoming",
)

PATTERNS = (
    ("regex", r"(^|\.)substack\.com/(subscribe|welcome|signup|account/login\?.*subscribe)", "Substack sign-up"),
    ("regex", r"(^|\.)substack\.com/.*[?&]r=", "Substack referral"),
    ("domain", "beehiiv.com", "Newsletter platform"),
    ("domain", "convertkit.com", "Newsletter platform"),
    ("domain", "kit.com", "Newsletter platform"),
    ("domain", "mailchi.mp", "Newsletter sign-up pages"),
    ("domain", "t.me", "Telegram invite"),
    ("domain", "telegram.me", "Telegram invite"),
    ("domain", "telegram.dog", "Telegram invite"),
    ("domain", "discord.gg", "Discord invite"),
    ("prefix", "discord.com/invite", "Discord invite"),
    ("prefix", "discordapp.com/invite", "Discord invite"),
    ("domain", "chat.whatsapp.com", "WhatsApp group invite"),
    ("domain", "wa.me", "WhatsApp chat link"),
    ("domain", "patreon.com", "Paid membership"),
    ("domain", "gumroad.com", "Paid content"),
    ("domain", "linktr.ee", "Link hub, often for paid groups"),
    ("parameter", "ref", "Referral code"),
    ("parameter", "referral", "Referral code"),
    ("parameter", "referral_code", "Referral code"),
    ("parameter", "refcode", "Referral code"),
    ("parameter", "invite", "Invite code"),
    ("parameter", "invite_code", "Invite code"),
    ("parameter", "aff", "Affiliate code"),
    ("parameter", "affiliate", "Affiliate code"),
)


def seed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("moderation", "FinanceRules").objects.update_or_create(
        pk=1, defaults={"pump_phrases": "\n".join(PHRASES)}
    )
    PromotionPattern = apps.get_model("moderation", "PromotionPattern")
    for kind, pattern, note in PATTERNS:
        PromotionPattern.objects.get_or_create(kind=kind, pattern=pattern, defaults={"note": note})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("moderation", "FinanceRules").objects.filter(pk=1).delete()
    PromotionPattern = apps.get_model("moderation", "PromotionPattern")
    for kind, pattern, _note in PATTERNS:
        PromotionPattern.objects.filter(kind=kind, pattern=pattern).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_finance_rules")]
    operations = [migrations.RunPython(seed, unseed)]
