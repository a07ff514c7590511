"""import_seeds refusing a malformed seed or manifest: one line naming the file and the
problem, no rows from a bad file, and the good files still imported."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Highlight
from tests.articles.seed_helpers import SEED_004, SEEDS_DIR, _import, _row_counts, _write_seed_dir

# A seed small enough to break on purpose in the failure tests.
MINIMAL_SEED = """Highlights
- Output rose.
Baotou reported higher output this year.
Disclaimer: Figures are unverified.
0 Comments
"""


def _without_disclaimer() -> bytes:
    return MINIMAL_SEED.replace("Disclaimer: Figures are unverified.\n", "").encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "fixes", "problem"),
    [
        (_without_disclaimer(), "", "no line starting 'Disclaimer: '"),
        (
            MINIMAL_SEED.replace("this year", "5%โthis year").encode(),
            "",
            "line 3: cannot tell which mark the mangled character 'โ' stands for in "
            "'ted higher output 5%โthis year.'",
        ),
        (
            MINIMAL_SEED.encode(),
            '{ find = "nowhere", replace = "x" }',
            "the fix 'nowhere' -> 'x' matches 0 times, not exactly once",
        ),
        (
            b"Highlights\n- Output \xff rose.\n",
            "",
            "not valid UTF-8: byte 0xff on line 2 (byte offset 20)",
        ),
        (
            MINIMAL_SEED.replace("Output rose.", "x" * 501 + ".").encode(),
            "",
            "highlight 1 is invalid: text: Ensure this value has at most 500 characters "
            "(it has 502).",
        ),
    ],
    ids=["no-disclaimer", "unplaceable-mark", "fix-not-matching", "invalid-utf8", "too-long"],
)
def test_import_seeds_fails_with_one_line_and_no_rows_when_seed_is_malformed(
    tmp_path: Path, content: bytes, fixes: str, problem: str
) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"bad.txt": content}, fixes=fixes)

    with pytest.raises(CommandError) as raised:
        _import(seeds_dir)

    assert str(raised.value) == f"bad.txt: {problem}"
    assert _row_counts() == {"Article": 0, "Highlight": 0, "Tag": 0, "Topic": 0}


@pytest.mark.django_db
def test_import_seeds_imports_the_good_files_when_one_fails(tmp_path: Path) -> None:
    seeds_dir = _write_seed_dir(
        tmp_path / "seeds",
        {"good.txt": (SEEDS_DIR / SEED_004).read_bytes(), "bad.txt": _without_disclaimer()},
    )
    out = StringIO()

    with pytest.raises(CommandError, match=r"^bad\.txt: no line starting 'Disclaimer: '$"):
        call_command("import_seeds", seeds_dir=seeds_dir, stdout=out)

    assert out.getvalue() == "imported seed-0\n"
    assert list(Article.objects.values_list("slug", flat=True)) == ["seed-0"]
    assert Highlight.objects.count() == 15


@pytest.mark.django_db
def test_import_seeds_fails_when_a_seed_file_is_not_in_the_manifest(tmp_path: Path) -> None:
    seeds_dir = _write_seed_dir(tmp_path / "seeds", {"listed.txt": MINIMAL_SEED.encode()})
    (seeds_dir / "stray.txt").write_text(MINIMAL_SEED, encoding="utf-8")

    with pytest.raises(CommandError, match=r"^stray\.txt: not listed in manifest\.toml$"):
        _import(seeds_dir)

    assert Article.objects.filter(slug="seed-0").exists()


@pytest.mark.django_db
def test_import_seeds_fails_when_the_manifest_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^manifest\.toml: cannot read the manifest: "):
        _import(tmp_path)
