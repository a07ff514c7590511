"""What a reader types, read once for both engines, so both find the same: web-search syntax
(as PostgreSQL's websearch_to_tsquery reads it) and a prefix, which websearch_to_tsquery
lacks. Each engine then builds its own query from the parse: FTS5's syntax here, PostgreSQL's
SearchQuery objects in postgres.py.

- words: all of them must match (each stemmed, so "pipelines" finds "pipeline");
- "quoted words": a phrase, in that order;
- or: either side (`lynas or iluka`);
- -word, -"a phrase": must not match;
- word*: any word starting so (`smelt*`);
- @handle: only what that person wrote (the author filter, typed in the query).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A quoted phrase (closed or running to the end), or a run of anything but space and quote;
# either may follow a minus.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_WORD = re.compile(r"\w+")
_PREFIX = re.compile(r"(\w+)\*")
_HANDLE = re.compile(r"@([A-Za-z0-9_]{1,30})")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    """One word, or a phrase's words in order: word characters only, nothing else kept."""
    prefix: bool = False


@dataclass
class Group:
    """Terms that must all match, and terms that must not."""

    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...]
    """Alternatives: a document matches when it matches any group."""
    author: str = ""
    """The handle of an @handle in the query."""

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no word, or only exclusions (which would match nearly
        everything, and no index helps with)."""
        return not any(group.include for group in self.groups)


def query_parse(text: str) -> ParsedQuery:
    groups = [Group()]
    author = ""
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        raw = phrase if phrase is not None else bare
        if phrase is None and not minus and (handle := _HANDLE.fullmatch(raw)):
            author = handle.group(1)
            continue
        if phrase is None and not minus and raw.lower() == "or":
            if groups[-1].include or groups[-1].exclude:
                groups.append(Group())
            continue
        prefix = _PREFIX.fullmatch(raw) if phrase is None else None
        words = tuple(_WORD.findall(raw))
        if not words:
            continue
        term = Term(words=words, prefix=prefix is not None)
        (groups[-1].exclude if minus else groups[-1].include).append(term)
    return ParsedQuery(groups=tuple(g for g in groups if g.include or g.exclude), author=author)


def _fts5_term(term: Term) -> str:
    # Each word in double quotes, which FTS5 takes as a string whatever it holds: no word is
    # read as an operator or a column name. A phrase is its words joined by "+".
    quoted = " + ".join(f'"{word}"' for word in term.words)
    return f"{quoted} *" if term.prefix else quoted


def fts5_expression(query: ParsedQuery) -> str:
    """The query in FTS5's syntax, where NOT binds tighter than AND, and AND than OR, as in
    a tsquery. Only groups with something to include count (see `is_empty`)."""
    alternatives = []
    for group in query.groups:
        if not group.include:
            continue
        expression = "(" + " AND ".join(_fts5_term(term) for term in group.include) + ")"
        for term in group.exclude:
            expression += f" NOT {_fts5_term(term)}"
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)
