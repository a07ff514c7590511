"""Reading an export's XML without the attacks XML allows, and finding things in it.

An export comes from outside, so it is parsed as defusedxml parses: with expat, and refusing
any entity declaration. Without declarations there is neither an entity bomb (entities that
expand into gigabytes, "billion laughs") nor an external entity (one that reads a local file or
a URL into the document); expat itself never fetches an external DTD. Exports of Disqus and
WordPress declare no entities, so nothing real is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from forum.discussions.importing.sources import ImportFileError


class _Refused(Exception):
    pass


def _entity_refused(
    name: str,
    is_parameter_entity: bool,
    value: str | None,
    base: str | None,
    system_id: str | None,
    public_id: str | None,
    notation_name: str | None,
) -> None:
    if system_id or public_id:
        raise _Refused(f"declares an external entity ({name!r}, {system_id or public_id}): refused")
    raise _Refused(f"declares an entity ({name!r}): refused, as entities make entity bombs")


def _unparsed_entity_refused(
    name: str, base: str | None, system_id: str, public_id: str | None, notation_name: str
) -> None:
    raise _Refused(f"declares an external entity ({name!r}, {system_id}): refused")


def _qualified(name: str) -> str:
    """expat's `uri}local` as ElementTree's `{uri}local`."""
    return "{" + name if "}" in name else name


def xml_read(path: Path) -> Element:
    """The document's root element; ImportFileError naming the problem if it cannot be read,
    is not well-formed, or declares an entity."""
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = lambda tag, attributes: builder.start(
        _qualified(tag),
        {_qualified(key): value for key, value in attributes.items()} if attributes else {},
    )
    parser.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _entity_refused
    parser.UnparsedEntityDeclHandler = _unparsed_entity_refused
    try:
        with path.open("rb") as file:
            parser.ParseFile(file)
    except OSError as exc:
        raise ImportFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    except _Refused as exc:
        raise ImportFileError(path, f"{exc} (at line {parser.CurrentLineNumber})") from exc
    except expat.ExpatError as exc:
        raise ImportFileError(path, f"is not well-formed XML ({exc})") from exc
    return builder.close()


def local_name(element: Element) -> str:
    """A tag without its namespace: exports differ in the versions of theirs."""
    return element.tag.rpartition("}")[2]


def children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if local_name(child) == name)


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def child_text(element: Element, name: str) -> str:
    """The text of the first child so named, stripped; "" if there is none."""
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def attribute(element: Element, name: str) -> str:
    """An attribute by its local name, whatever its namespace; "" if absent."""
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return value.strip()
    return ""
