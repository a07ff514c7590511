"""Small files and short functions: no module of app code over 400 lines, no function (methods
included) over 60, no test file over 600. Past those, a module becomes a package of modules
named for what they hold, and a function a few named steps (docs: /work/shared/STYLE.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "articles", "forum", "config")
MODULE_MAX_LINES = 400
FUNCTION_MAX_LINES = 60
TEST_FILE_MAX_LINES = 600


def app_modules() -> list[Path]:
    """Every Python module of the apps, migrations aside (makemigrations writes those)."""
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def suite_modules() -> list[Path]:
    return sorted((ROOT / "tests").rglob("*.py"))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def functions(tree: ast.AST) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method in `tree`, with its qualified name (Class.method, outer.inner)."""

    def walk(
        node: ast.AST, prefix: str
    ) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield prefix + child.name, child
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def function_lengths(path: Path) -> Iterator[tuple[str, int, int]]:
    """(name, line of its `def`, lines from its `def` to its last line) of each function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for name, node in functions(tree):
        assert node.end_lineno is not None
        yield name, node.lineno, node.end_lineno - node.lineno + 1


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_app_module_is_over_400_lines() -> None:
    too_long = [
        f"{relative(path)}: {lines} lines"
        for path in app_modules()
        if (lines := line_count(path)) > MODULE_MAX_LINES
    ]

    assert not too_long, f"Modules over {MODULE_MAX_LINES} lines:\n" + "\n".join(too_long)


def test_no_app_function_is_over_60_lines() -> None:
    too_long = [
        f"{relative(path)}:{line} {name}: {lines} lines"
        for path in app_modules()
        for name, line, lines in function_lengths(path)
        if lines > FUNCTION_MAX_LINES
    ]

    assert not too_long, f"Functions over {FUNCTION_MAX_LINES} lines:\n" + "\n".join(too_long)


def test_no_test_file_is_over_600_lines() -> None:
    too_long = [
        f"{relative(path)}: {lines} lines"
        for path in suite_modules()
        if (lines := line_count(path)) > TEST_FILE_MAX_LINES
    ]

    assert not too_long, f"Test files over {TEST_FILE_MAX_LINES} lines:\n" + "\n".join(too_long)


def test_function_lengths_count_methods_and_nested_functions(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "class Api:\n"
        "    def get(self):\n"
        "        def inner():\n"
        "            return 1\n"
        "        return inner()\n"
        "\n"
        "async def task():\n"
        "    pass\n"
    )

    assert list(function_lengths(module)) == [
        ("Api.get", 2, 4),
        ("Api.get.inner", 3, 2),
        ("task", 7, 2),
    ]
