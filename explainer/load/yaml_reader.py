"""YAML with line numbers: the document built from the parser's events in one pass, every path's line kept, a file
over a limit refused where it goes over."""
from __future__ import annotations

from typing import Any

import yaml

from .problems import LIMITS, MAX_DEPTH, MAX_SCALARS, Problem

# ---------------------------------------------------------------- YAML with line numbers

# libyaml where it is installed (about ten times faster), else PyYAML's own parser: the same events either way.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as strings, so the schema sees what the editor wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SCALAR_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null")}


class _Refused(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message


def _read_yaml(text: str, name: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """The document, the line of every path in it, or the problems. Built from the parser's events in one pass, so
    that a file over a limit is refused where it goes over, before the rest is read."""
    loader = _Loader(text)
    constructor = yaml.constructor.SafeConstructor()  # its scalar rules (0x1F, 1_000, .inf, yes/no), nothing else
    lines: dict[tuple, int] = {}
    try:
        doc = _build_from_events(loader, constructor, lines)
    except _Refused as e:
        return None, {}, [Problem(name, e.line, e.message)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
        return None, {}, [Problem(name, line, f"YAML syntax: {what}")]
    except (yaml.YAMLError, ValueError, TypeError) as e:
        return None, {}, [Problem(name, None, f"YAML: {str(e).splitlines()[0] if str(e) else type(e).__name__}")]
    finally:
        loader.dispose()
    if doc is _EMPTY:
        return None, {}, [Problem(name, 1, "the file is empty")]
    if not isinstance(doc, dict):
        return None, {}, [Problem(name, 1, "the top level must be a mapping (version:, sources:, ...)")]
    return doc, lines, []


_EMPTY = object()


def _build_from_events(loader: yaml.Loader, constructor, lines: dict[tuple, int]) -> Any:
    """What the one document of the stream holds, as plain dicts, lists and scalars. Refused (with the line): anchors
    and aliases (a fact base never needs them; expanded they multiply), explicit tags other than the plain scalar
    types, mapping keys that are not plain values, nesting deeper than MAX_DEPTH, more than MAX_SCALARS values, and
    a top-level list longer than its limit (LIMITS), counted as it is read."""
    stack: list[tuple[Any, tuple, list]] = []  # (container, its path, [pending key]) from the top down
    root: Any = _EMPTY
    scalars = 0
    while True:
        event = loader.get_event()
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.DocumentStartEvent) and root is not _EMPTY:
            raise _Refused(line, "more than one YAML document in the file; a fact base is one")
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.StreamEndEvent):
            return root
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, f"YAML alias *{event.anchor}: a fact base may not use anchors and aliases; "
                                 "write the value out")
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            value, _path, _pending = stack.pop()
            if not stack:
                root = value
            continue
        if event.anchor is not None:
            raise _Refused(line, f"YAML anchor &{event.anchor}: a fact base may not use anchors and aliases; "
                                 "write the value out")
        if isinstance(event, yaml.ScalarEvent):
            scalars += 1
            if scalars > MAX_SCALARS:
                raise _Refused(line, f"more than {MAX_SCALARS:,} values in the file; the limit is {MAX_SCALARS:,}")
            value = _scalar(loader, constructor, event, line)
        else:
            tag = event.tag
            if isinstance(event, yaml.SequenceStartEvent):
                if tag not in (None, "!", _SEQ):
                    raise _Refused(line, f"YAML tag {tag} is not allowed in a fact base")
                value = []
            else:
                if tag not in (None, "!", _MAP):
                    raise _Refused(line, f"YAML tag {tag} is not allowed in a fact base")
                value = {}
            if len(stack) >= MAX_DEPTH:
                raise _Refused(line, f"values nested more than {MAX_DEPTH} levels deep; the limit is {MAX_DEPTH}")
        # place the value in its parent
        if not stack:
            path: tuple = ()
            if not isinstance(value, (list, dict)):
                root = value
                continue
        else:
            parent, parent_path, pending = stack[-1]
            if isinstance(parent, list):
                path = parent_path + (len(parent),)
                if len(parent_path) == 1 and parent_path[0] in LIMITS and len(parent) >= LIMITS[parent_path[0]]:
                    raise _Refused(line, f"{parent_path[0]}: more than {LIMITS[parent_path[0]]:,} items; "
                                         f"the limit is {LIMITS[parent_path[0]]:,}")
                parent.append(value)
            elif not pending:  # a key
                if isinstance(value, (list, dict)):
                    raise _Refused(line, "a mapping key must be a plain value, not a list or mapping")
                if value in parent:
                    raise _Refused(line, f"duplicate key '{value}'")
                pending.append((value, line))
                continue
            else:
                key, key_line = pending.pop()
                path = parent_path + (key,)
                parent[key] = value
                lines[path] = key_line  # a value is reported on its key's line, where editors look for it
        lines.setdefault(path, line)
        if isinstance(value, (list, dict)):
            stack.append((value, path, []))


def _scalar(loader, constructor, event, line: int | None) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag not in _SCALAR_TAGS:
        raise _Refused(line, f"YAML tag {tag} is not allowed in a fact base")
    if tag == _STR:
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    return constructor.yaml_constructors[tag](constructor, node)


def _line(lines: dict[tuple, int], path: tuple) -> int | None:
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)


def _path_str(path: tuple) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


# ---------------------------------------------------------------- schema
