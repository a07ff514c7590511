"""Word lists as a site like ours would keep them: 50 rules, the lists the evasion and
false-positive tests (test_word_evasions.py) and the cost measurement run against."""

from __future__ import annotations

BANNED = (
    "fuck",
    "fucking",
    "fucker",
    "motherfucker",
    "shit",
    "bullshit",
    "shithead",
    "dipshit",
    "cunt",
    "bitch",
    "bastard",
    "asshole",
    "dickhead",
    "douchebag",
    "wanker",
    "twat",
    "cocksucker",
    "rapist",
    "whore",
    "slut",
    "scamcoin",
    "kill yourself",
    "kys",
    "piss off",
    "jerk off",
)

SUSPECT = (
    "ass",
    "idiot",
    "moron",
    "pump and dump",
    "guaranteed returns",
    "guaranteed profit",
    "double your money",
    "to the moon",
    "100x gains",
    "whatsapp",
    "telegram me",
    "dm me",
    "presale",
    "airdrop",
    "insider tip",
    "binary options",
    "act now",
    "click here",
    "get rich quick",
    "free money",
    "crypto signals",
    "ponzi scheme",
    "shill",
    "send me money",
    "wallet address",
)

RULES = BANNED + SUSPECT
