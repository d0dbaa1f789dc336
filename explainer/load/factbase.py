"""Load and validate a fact base: safe YAML, JSON Schema, references, values and quotes, each problem as file:line."""
from __future__ import annotations

import functools
import itertools
import json
import math
import re
from datetime import date
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema

from .params import RESERVED_PARAMS as RESERVED_IDS
from .model import CAPACITY_UNITS, MONEY_UNITS, Claim, Currency, Dating, Defaults, Entity, FactBase, Source, Topic

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_FACTBASE = PACKAGE_ROOT / "data" / "facts.yaml"
SCHEMA_PATH = PACKAGE_ROOT / "data" / "facts.schema.json"
from .problems import (LIMITS, MAX_ARTICLE_BYTES, MAX_ARTICLE_KB, MAX_BYTES, MAX_DEPTH, MAX_KB,  # noqa: F401
                       MAX_PROBLEMS, MAX_SCALARS, FactBaseError, Problem)  # (read from here too)
from .yaml_reader import _line, _path_str, _read_yaml

FILE_RE = re.compile(r"[A-Za-z0-9_./-]+\.txt")  # the schema's file pattern, less its guards


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _whole_pattern(validator, pattern: str, instance: Any, schema: dict):
    """JSON Schema's pattern, with '$' at the end of the whole text: Python's re.search lets '$' match before a
    final line break, so 'abc\\n' passed '^[a-z]+$'."""
    if validator.is_type(instance, "string"):
        m = re.search(pattern, instance)
        if m is None or (pattern.endswith("$") and m.end() != len(instance)):
            yield jsonschema.ValidationError(f"{instance[:60]!r} does not match {pattern!r}")


_formats = jsonschema.FormatChecker(())


@_formats.checks("date-or-month", raises=ValueError)
def _date_or_month(value: object) -> bool:
    """A day of the calendar (2026-02-30 is not one), or a month where only the month is known."""
    if isinstance(value, str):
        date.fromisoformat(value if len(value) != 7 else value + "-01")
    return True


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    """Built once per process, with the schema's $defs written out where they are used: jsonschema looks a
    reference up anew at every use, which took half the time of checking a long fact base."""
    schema = load_schema()
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _whole_pattern})
    return cls(_inlined(schema, schema["$defs"]), format_checker=_formats)


def _inlined(node: Any, defs: dict) -> Any:
    if isinstance(node, dict):
        if str(node.get("$ref", "")).startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inlined(defs[node["$ref"].removeprefix("#/$defs/")], defs), **rest}
        return {k: _inlined(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inlined(v, defs) for v in node]
    return node


def load_factbase(path: str | Path = DEFAULT_FACTBASE) -> FactBase:
    """The fact base at path, or FactBaseError with every problem found."""
    factbase, problems = check_factbase(path)
    if problems or factbase is None:
        raise FactBaseError(problems)
    return factbase


def check_factbase(path: str | Path = DEFAULT_FACTBASE) -> tuple[FactBase | None, list[Problem]]:
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(name, None, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")]
        data = path.read_bytes()
    except OSError as e:
        return None, [Problem(name, None, f"cannot read file: {e.strerror or e}")]
    factbase, problems = parse_factbase(data, name=name, base_dir=path.parent)
    if factbase is None:
        return None, problems
    aliases = path.with_name(path.stem + ".links.json")
    if not aliases.is_file():
        return factbase, problems
    return _with_link_aliases(factbase, aliases)


def _with_link_aliases(fb: FactBase, path: Path) -> tuple[FactBase | None, list[Problem]]:
    """The fact base with the old link labels of PATH (see data/facts.links.json): each must name an existing
    source, or a claim of its topic, so an old link always means something that is still there."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(name, None, f"file is over the limit of {MAX_BYTES:,} bytes")]
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return None, [Problem(name, getattr(e, "lineno", None), f"cannot read old link labels: {e}")]
    problems: list[Problem] = []
    sources, claims = [], []
    if not isinstance(doc, dict) or not isinstance(doc.get("sources", {}), dict) \
            or not isinstance(doc.get("claims", {}), dict):
        return None, [Problem(name, 1, "expected {\"sources\": {name: id}, \"claims\": {topic: {label: id}}}")]
    for old, sid in doc.get("sources", {}).items():
        if sid not in fb.source:
            problems.append(Problem(name, None, f"old source name '{old}' names unknown source '{sid}'"))
        sources.append((str(old), str(sid)))
    for topic, labels in doc.get("claims", {}).items():
        for old, cid in (labels.items() if isinstance(labels, dict) else ()):
            if cid is None:  # withdrawn from this topic: a link naming it gets a notice
                claims.append((str(topic), str(old), ""))
                continue
            claim = fb.claim.get(cid)
            if claim is None or claim.topic != topic:
                problems.append(Problem(name, None, f"old label '{old}' of topic '{topic}' names '{cid}', "
                                                    "which is not a claim of that topic"))
            claims.append((str(topic), str(old), str(cid)))
    names = []
    for old, i in (doc.get("names", {}) or {}).items():
        if i not in fb.topic and i not in fb.entity and i not in fb.source:
            problems.append(Problem(name, None, f"old label '{old}' names unknown topic, entity or source '{i}'"))
        names.append((str(old), str(i)))
    versions, more = _version_defaults(fb, doc.get("defaults"), name)
    problems += more
    if problems:
        return None, problems
    return replace(fb, source_aliases=tuple(sources), claim_aliases=tuple(claims), name_aliases=tuple(names),
                   version_defaults=versions), []


def _version_defaults(fb: FactBase, doc, name: str) -> tuple[tuple, list[Problem]]:
    """Each version's recorded defaults ({"1.2.0": {"trust": [...], "preset": ...}}), so that a link made with a
    version keeps its meaning; the fact base's own version must be recorded with exactly its defaults: a change of
    the defaults needs a new version."""
    if doc is None:
        return (), []
    if not isinstance(doc, dict):
        return (), [Problem(name, None, 'expected "defaults": {version: {"trust": [source ids], ...}}')]
    out, problems = [], []
    for version, d in doc.items():
        if not isinstance(d, dict) or not isinstance(d.get("trust"), list):
            problems.append(Problem(name, None, f"defaults of version '{version}': expected {{\"trust\": [...]}}"))
            continue
        unknown = [sid for sid in d["trust"] if sid not in fb.source]
        if unknown:
            problems.append(Problem(name, None, f"defaults of version '{version}' name unknown source "
                                                f"'{unknown[0]}'"))
        out.append((str(version), Defaults(trust=tuple(d["trust"]), preset=d.get("preset", "trust"),
                                           ranges=d.get("ranges", "mid"), fx=d.get("fx", "convert"),
                                           basis=d.get("basis", "post"))))
    recorded = dict(out).get(fb.version)
    if recorded is None:
        problems.append(Problem(name, None, f"the fact base's version {fb.version} has no recorded defaults; add "
                                            f"them under \"defaults\""))
    elif recorded != fb.defaults:
        problems.append(Problem(fb.path, None, f"defaults: differ from those recorded for version {fb.version} "
                                               f"in {Path(name).name}; a change of the defaults needs a new version: "
                                               f"(links made with {fb.version} keep its recorded defaults)"))
    return tuple(out), problems


def parse_factbase(data: bytes | str, name: str, base_dir: str | Path | None = None,
                   seed_texts: dict[str, str] | None = None) -> tuple[FactBase | None, list[Problem]]:
    """Parse and validate fact-base text. Seed files come from seed_texts (by path or file name),
    else from base_dir, then its parent."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return None, [Problem(name, None, f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            return None, [Problem(name, data[:e.start].count(b"\n") + 1, f"not UTF-8 text (byte {e.start})")]
    else:
        text = data
        if len(text.encode("utf-8")) > MAX_BYTES:
            return None, [Problem(name, None, f"text is over the limit of {MAX_BYTES:,} bytes")]
    doc, lines, problems = _read_yaml(text, name)
    if problems:
        return None, problems
    problems = _schema_problems(doc, lines, name)
    if problems:
        return None, problems
    factbase = _build(doc, lines, name, text)
    cache: dict[str, str | None] = {}
    for key, seed in (seed_texts or {}).items():
        cache[key] = cache[Path(key).name] = seed
    problems = _semantic_problems(factbase, doc, lines, name, Path(base_dir) if base_dir else None, cache)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [Problem(name, None, f"... and {more:,} more problems")]
    return (None if problems else factbase), problems


def _schema_problems(doc: Any, lines: dict[tuple, int], name: str) -> list[Problem]:
    problems = []
    for err in itertools.islice(_validator().iter_errors(doc), MAX_PROBLEMS):
        path = tuple(err.absolute_path)
        problems.append(Problem(name, _line(lines, path), f"{_path_str(path)}: {_schema_message(err, path)}"))
    return sorted(problems, key=lambda p: p.line or 0)


def _schema_message(err: jsonschema.ValidationError, path: tuple) -> str:
    """What is wrong, in words that name the limit; jsonschema's own messages repeat the whole value."""
    limit, value = err.validator_value, err.instance
    if err.validator == "anyOf" and err.context and isinstance(value, (int, float)) and not isinstance(value, bool):
        # a claim's value: a number or a word; a number is told what is wrong with it as a number
        first = [e for e in err.context if e.relative_schema_path and e.relative_schema_path[0] == 0]
        if first:
            return _schema_message(first[0], path)
    if err.validator == "maxLength":
        return f"{len(value):,} characters; the limit is {limit:,}"
    if err.validator == "maxItems":
        return f"{len(value):,} items; the limit is {limit:,}"
    if err.validator in ("maximum", "minimum"):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{value} is not a finite number"
        shown = f"{value:.6g}" if abs(value) < 1e300 else f"a number of {len(str(abs(int(value)))):,} digits"
        return f"{shown} is {'above' if err.validator == 'maximum' else 'below'} the limit of {limit:g}"
    if err.validator == "format":
        return f"{value!r} is not a date of the calendar (YYYY-MM-DD, or YYYY-MM)"
    if err.validator == "pattern" and path and path[-1] == "file" and isinstance(value, str):
        return file_problem(value) or err.message
    if err.validator == "pattern" and isinstance(value, str) and (path[-1:] in (("url",),) or "urls" in path):
        return f"{value[:60]!r} is not a web address (http:// or https://, no spaces or line breaks)"
    return err.message if len(err.message) <= 200 else err.message[:197] + "..."


# ---------------------------------------------------------------- build the model

def _build(doc: dict, lines: dict[tuple, int], name: str, text: str) -> FactBase:
    sources = tuple(
        Source(id=s["id"], kind=s["kind"], name=s["name"], title=s.get("title"), site=s.get("site"),
               date=s.get("date"), date_estimate=s.get("date_estimate"), language=s.get("language"),
               file=s.get("file"), via=s.get("via"), url=s.get("url"),
               more_urls=tuple(s.get("more_urls", ())), rank=s.get("rank", "normal"), note=s.get("note"),
               dating=_dating(s.get("dating")), name_de=s.get("name_de"), note_de=s.get("note_de"))
        for s in doc["sources"])
    by_source = {s.id: s for s in sources}
    claims = []
    for i, c in enumerate(doc["claims"]):
        bound, state = c.get("bound", "exact"), "figure"
        if c.get("value") in ("undisclosed", "none"):  # no figure: nothing to bound (a bound given is a problem)
            state = c["value"]
            bound = "exact"
            low = high = None if state == "undisclosed" else 0.0
        elif bound == "range":
            low, high = float(c["low"]), float(c["high"])
        elif bound in ("exact", "about"):
            low = high = float(c["value"])
        elif bound in ("up_to", "below"):
            low, high = None, float(c["value"])
        else:
            low, high = float(c["value"]), None
        src = by_source.get(c["source"])
        date, estimated, method = c.get("date"), False, ("own" if c.get("date") else None)
        if date is None and src is not None:
            date = src.date or src.date_estimate
            method = src.date_method
            estimated = src.date is None or method == "inferred"
        claims.append(Claim(
            id=c["id"], topic=c["topic"], source=c["source"], bound=bound, low=low, high=high,
            unit=c["unit"], currency=c.get("currency"), basis=c.get("basis"), quote=c.get("quote"),
            translation=c["translation"], status=c["status"], date=date or "", date_estimated=estimated,
            date_method=method, event_date=c.get("event_date"),
            where=c.get("where"), note=c.get("note"), line=_line(lines, ("claims", i)),
            translation_de=c.get("translation_de"), review=tuple(c.get("review", ())), value_state=state,
            replaces=tuple(c.get("replaces", ())), ends=c.get("ends"),
            upfront=float(c["upfront"]) if "upfront" in c else None, condition=c.get("condition"),
            condition_de=c.get("condition_de")))
    d = doc["defaults"]
    return FactBase(
        version=doc["version"], date=doc["date"], title=doc["title"], description=doc.get("description"),
        title_de=doc.get("title_de"), description_de=doc.get("description_de"),
        company=doc["company"], residual_holder=doc.get("residual_holder"),
        round_residual=doc.get("round_residual"), base_currency=doc["base_currency"],
        currencies=tuple(Currency(**c) for c in doc["currencies"]),
        defaults=Defaults(trust=tuple(d["trust"]), preset=d.get("preset", "trust"),
                          ranges=d.get("ranges", "mid"), fx=d.get("fx", "convert"), basis=d.get("basis", "post")),
        sources=sources,
        entities=tuple(Entity(id=e["id"], name=e["name"], products=tuple(e.get("products", ())), note=e.get("note"),
                              name_de=e.get("name_de"), part_of=e.get("part_of"))
                       for e in doc["entities"]),
        topics=tuple(Topic(id=t["id"], label=t["label"], kind=t["kind"], group=t["group"], entity=t.get("entity"),
                           target=t.get("target"), parts=tuple(t.get("parts", ())), note=t.get("note"),
                           label_de=t.get("label_de"), passes_on=tuple(t.get("passes_on", ())))
                     for t in doc["topics"]),
        claims=tuple(claims), path=name, raw_text=text)


def _dating(d: dict | None) -> Dating | None:
    if d is None:
        return None
    return Dating(method=d["method"], evidence=d.get("evidence"), urls=tuple(d.get("urls", ())),
                  evidence_de=d.get("evidence_de"))


# ---------------------------------------------------------------- references, values, quotes

def _semantic_problems(fb: FactBase, doc: dict, lines: dict[tuple, int], name: str,
                       base_dir: Path | None, seed_cache: dict[str, str | None]) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: tuple, message: str) -> None:
        problems.append(Problem(name, _line(lines, path), message))

    for path, number in _numbers(doc, ()):
        if not math.isfinite(number):
            report(path, f"{_path_str(path)}: {number} is not a finite number")
    for section, singular in (("sources", "source"), ("entities", "entity"), ("topics", "topic"), ("claims", "claim")):
        seen: dict[str, int] = {}
        for i, item in enumerate(doc[section]):
            if item["id"] in seen:
                report((section, i, "id"), f"duplicate {singular} id '{item['id']}' (first at item {seen[item['id']]})")
            seen.setdefault(item["id"], i)

    sources, entities, topics = fb.source, fb.entity, fb.topic
    for key in ("company", "residual_holder", "round_residual"):
        if doc.get(key) is not None and doc[key] not in entities:
            report((key,), f"{key}: unknown entity '{doc[key]}'")
    for i, sid in enumerate(fb.defaults.trust):
        if sid not in sources:
            report(("defaults", "trust", i), f"defaults.trust: unknown source '{sid}'")
    currencies = set(fb.fx)

    names: dict[str, str] = {}
    for i, s in enumerate(fb.sources):
        if s.name.casefold() in names:
            report(("sources", i, "name"), f"source '{s.id}' has the same name as '{names[s.name.casefold()]}'; "
                                           f"links name sources by name, so names must differ")
        names.setdefault(s.name.casefold(), s.id)
        if s.via is not None and s.via not in sources:
            report(("sources", i, "via"), f"source '{s.id}': via names unknown source '{s.via}'")
        if s.file and (why := file_problem(s.file)) is not None:
            report(("sources", i, "file"), f"source '{s.id}': {why}")
        if s.kind == "article" and not s.file:
            report(("sources", i), f"source '{s.id}': an article needs file: (its text, to check quotes against)")
        if s.kind != "article" and not s.url:
            report(("sources", i), f"source '{s.id}': a {s.kind} source needs url:")
        if s.dating is not None and s.date is None:
            report(("sources", i, "dating"), f"source '{s.id}': dating: says how its date was established, "
                                             f"but it has no date:")

    for i, e in enumerate(fb.entities):
        if e.part_of is not None and (e.part_of not in entities or e.part_of == e.id
                                      or fb.entity[e.part_of].part_of is not None):  # one level: no chains, no cycles
            report(("entities", i, "part_of"), f"entity '{e.id}': part_of names '{e.part_of}', which is unknown, "
                                               f"itself, or part of another group")

    labels: dict[str, str] = {}
    for i, t in enumerate(fb.topics):
        if t.label.casefold() in labels:
            report(("topics", i, "label"), f"topic '{t.id}' has the same label as '{labels[t.label.casefold()]}'; "
                                           f"links name topics by label, so labels must differ")
        labels.setdefault(t.label.casefold(), t.id)
        if t.id in RESERVED_IDS:
            report(("topics", i, "id"), f"topic id '{t.id}' is reserved for a link parameter; choose another")
        for key in ("entity", "target"):
            value = getattr(t, key)
            if value is not None and value not in entities:
                report(("topics", i, key), f"topic '{t.id}': unknown entity '{value}'")
        for j, part in enumerate(t.parts):
            if part not in topics:
                report(("topics", i, "parts", j), f"topic '{t.id}': unknown part topic '{part}'")
        for j, other in enumerate(t.passes_on):
            if other not in topics or other == t.id:
                report(("topics", i, "passes_on", j), f"topic '{t.id}': passes_on names unknown topic '{other}'")
        if t.kind in ("investment", "stake_before", "prior_investment", "compute_money", "compute_capacity",
                      "cross_stake", "investment_intent") and t.entity is None:
            report(("topics", i), f"topic '{t.id}' of kind {t.kind} needs entity:")
        if t.kind in ("purchase", "warrant") and (t.entity is None or t.target is None):
            report(("topics", i), f"topic '{t.id}' of kind {t.kind} needs entity: and target:")

    for i, c in enumerate(fb.claims):
        at = ("claims", i)
        if c.topic not in topics:
            report(at + ("topic",), f"claim '{c.id}': unknown topic '{c.topic}'")
        if c.source not in sources:
            report(at + ("source",), f"claim '{c.id}': unknown source '{c.source}'")
        for key, message in _state_problems(fb, c, doc["claims"][i]):
            report(at + key, message)
        if c.currency is not None and c.currency not in currencies:
            report(at + ("currency",), f"claim '{c.id}': currency {c.currency} has no rate under currencies:")
        for key, message in _unit_problems(c, topics.get(c.topic)):
            report(at + key, message)
        source = sources.get(c.source)
        if source is None:
            continue
        if source.kind == "article":
            if not c.quote:
                report(at, f"claim '{c.id}': an article's claim needs quote: (its words, verbatim)")
                continue
            text, why = _seed_text(source.file, base_dir, seed_cache)
            if text is None:
                report(at + ("quote",), f"claim '{c.id}': {why}")
            elif c.quote not in text:
                report(at + ("quote",), f"claim '{c.id}': quote not found verbatim in {source.file}: "
                                        f"\"{c.quote[:60]}{'...' if len(c.quote) > 60 else ''}\"")
    problems += _replace_cycles(fb, lines, name)
    return problems


def _unit_problems(c, topic) -> list[tuple[tuple, str]]:
    """A claim's unit and basis against what its topic measures: (path below the claim, message)."""
    if topic is None:
        return []
    out: list[tuple[tuple, str]] = []
    dim = topic.dimension
    if dim == "money" and (c.unit not in MONEY_UNITS or c.currency is None):
        out.append((("unit",), f"claim '{c.id}': topic '{topic.id}' is about money; unit must be bn/tn/mn with a currency"))
    if dim == "capacity" and c.unit not in CAPACITY_UNITS:
        out.append((("unit",), f"claim '{c.id}': topic '{topic.id}' is about capacity; unit must be GW or MW"))
    if dim == "percent" and c.unit != "percent":
        out.append((("unit",), f"claim '{c.id}': topic '{topic.id}' is a stake; unit must be percent"))
    if c.basis is not None and topic.kind != "valuation":
        out.append((("basis",), f"claim '{c.id}': basis is only for valuation topics"))
    return out


def _state_problems(fb: FactBase, c, raw: dict) -> list[tuple[tuple, str]]:
    """A claim's value state, up-front part, replacements and end, checked: (path below the claim, message)."""
    out: list[tuple[tuple, str]] = []
    for key in ("value", "low", "high"):
        if isinstance(raw.get(key), (int, float)) and raw[key] < 0:
            out.append(((key,), f"claim '{c.id}': {key} is negative ({raw[key]})"))
    if c.bound == "range" and c.low is not None and c.high is not None and c.low > c.high:
        out.append((("low",), f"claim '{c.id}': low {c.low:g} is greater than high {c.high:g}"))
    if c.value_state != "figure":
        extra = [k for k in ("bound", "low", "high", "upfront") if k in raw]
        if extra:
            out.append(((extra[0],), f"claim '{c.id}': value: {c.value_state} gives no figure, so it takes no "
                                     f"{', '.join(k + ':' for k in extra)}"))
    elif c.upfront is not None:
        top = c.high if c.high is not None else c.low
        if top is not None and c.upfront > top + 1e-9:
            out.append((("upfront",), f"claim '{c.id}': upfront {c.upfront:g} is above the value {top:g}"))
    if (c.condition or c.condition_de) and c.upfront is None:
        out.append((("condition",), f"claim '{c.id}': condition: says what the rest beyond upfront: depends on; "
                                    f"give upfront:"))
    for j, rid in enumerate(c.replaces):
        if rid not in fb.claim:
            out.append((("replaces", j), f"claim '{c.id}': replaces unknown claim '{rid}'"))
        elif rid == c.id:
            out.append((("replaces", j), f"claim '{c.id}' replaces itself"))
        elif c.date and fb.claim[rid].date and fb.claim[rid].date[:len(c.date)] > c.date:
            out.append((("replaces", j), f"claim '{c.id}' ({c.date}) replaces '{rid}', which was said later "
                                         f"({fb.claim[rid].date})"))
    if c.ends is not None and c.date and c.ends < c.date[:len(c.ends)]:
        out.append((("ends",), f"claim '{c.id}': ends {c.ends}, before it was said ({c.date})"))
    return out


def _replace_cycles(fb: FactBase, lines: dict[tuple, int], name: str) -> list[Problem]:
    """A claim that replaces, through others, itself: no date could say which of them is in force. Each claim is
    walked once (colours: on the path, done), so the cost grows with the number of replaces: entries."""
    index = {c.id: i for i, c in enumerate(fb.claims)}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    problems: list[Problem] = []
    for start in fb.claims:
        if start.id in state:
            continue
        stack = [(start.id, iter(start.replaces))]
        state[start.id] = 1
        while stack:
            cid, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[cid] = 2
                stack.pop()
            elif nxt in fb.claim and nxt != cid:
                if state.get(nxt) == 1:
                    path = [s for s, _it in stack]
                    loop = path[path.index(nxt):] + [nxt]
                    problems.append(Problem(name, _line(lines, ("claims", index[cid], "replaces")),
                                            f"claim '{cid}': replaces forms a cycle ({' -> '.join(loop)}); "
                                            "a claim cannot replace, through others, itself"))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(fb.claim[nxt].replaces)))
    return problems


def _numbers(node: Any, path: tuple):
    """Every float in the document, with its path."""
    if isinstance(node, float):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _numbers(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _numbers(v, path + (i,))


def file_problem(file: str) -> str | None:
    """Why an article's `file:` may not be read, or None. A file is a relative path inside the fact base's folder
    (or its parent): never absolute, never a URL or a drive, never climbing out with '..'."""
    if re.match(r"^[A-Za-z]:", file):
        return f"file '{file}' names a drive; give a path relative to the fact base's folder"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", file):
        return f"file '{file}' is a URL; give a path relative to the fact base's folder (put web addresses in url:)"
    if file.startswith(("/", "\\")):
        return f"file '{file}' is an absolute path; give a path relative to the fact base's folder"
    if "\\" in file:
        return f"file '{file}' uses '\\'; separate folders with '/'"
    if ".." in file.split("/"):
        return f"file '{file}' climbs out of the fact base's folder with '..'"
    if not FILE_RE.fullmatch(file):
        return f"file '{file}' must be letters, digits, '_', '-', '.' and '/' only, ending in .txt"
    return None


def _seed_text(file: str | None, base_dir: Path | None,
               cache: dict[str, str | None]) -> tuple[str | None, str | None]:
    """An article's text and None, or None and why it cannot be had. From the texts given (by path or file name),
    else from base_dir, then its parent, never from outside them: a symbolic link that leads out is refused."""
    if not file:
        return None, None
    if (why := file_problem(file)) is not None:
        return None, why
    if file not in cache and Path(file).name in cache:
        cache[file] = cache[Path(file).name]
    if file in cache:
        return cache[file], None
    if base_dir is None:
        return None, f"file '{file}' not found among the files given with the fact base"
    for folder in (base_dir, base_dir.parent):
        candidate = folder / file
        if not candidate.is_file():
            continue
        if not candidate.resolve().is_relative_to(folder.resolve()):
            return None, f"file '{file}' is a link to a place outside the fact base's folder; refusing to read it"
        try:
            data = candidate.read_bytes()[:MAX_ARTICLE_BYTES + 1]
        except OSError as e:
            return None, f"file '{file}' cannot be read: {e.strerror or e}"
        text, why = _seed_decode(file, data)
        cache[file] = text
        return text, why
    return None, f"source file '{file}' not found"


def _seed_decode(file: str, data: bytes) -> tuple[str | None, str | None]:
    if len(data) > MAX_ARTICLE_BYTES:
        return None, f"file '{file}' is {len(data):,} bytes; an article's limit is {MAX_ARTICLE_BYTES:,}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        return None, f"file '{file}' is not UTF-8 text (line {line}, byte {e.start})"


BUNDLED_SEEDS = PACKAGE_ROOT / "seeds"
MAX_UPLOAD_FILES = 20


def parse_uploaded(files: list[tuple[str, bytes]], story_dir: Path | None = None) -> tuple[FactBase | None, list[Problem]]:
    """A fact base uploaded by a reader: exactly one .yaml/.yml and its article texts (.txt). Its articles are read
    only from the texts uploaded with it, or by file name from the story's own articles (story_dir's .txt files,
    for a story of stories/; the bundled seeds/ otherwise); nothing else on the server."""
    yamls = [(n, d) for n, d in files if n.lower().endswith((".yaml", ".yml"))]
    texts = [(n, d) for n, d in files if n.lower().endswith(".txt")]
    problems = [Problem(n, None, "not a .yaml, .yml or .txt file") for n, _ in files
                if not n.lower().endswith((".yaml", ".yml", ".txt"))]
    if len(yamls) != 1:
        return None, problems + [Problem("upload", None, f"upload exactly one .yaml file (got {len(yamls)}), "
                                                         "and the .txt files its articles quote")]
    if len(texts) > MAX_UPLOAD_FILES:
        return None, problems + [Problem("upload", None, f"{len(texts)} text files; the limit is {MAX_UPLOAD_FILES}")]
    seeds: dict[str, str | None] = {}
    for p in sorted((BUNDLED_SEEDS.glob("*.txt") if story_dir is None else Path(story_dir).rglob("*.txt"))):
        seeds[p.name] = p.read_text(encoding="utf-8")
    for n, d in texts:
        text, why = _seed_decode(Path(n).name, d)
        if why:
            problems.append(Problem(n, None, why))
        else:
            seeds[Path(n).name] = text
    if problems:
        return None, problems
    name, data = yamls[0]
    return parse_factbase(data, name=Path(name).name, base_dir=None, seed_texts=seeds)
