"""The drift check's comparisons, offline: two fixture sets (tests/fixtures/genuine/<client>/<version>/)
in, a report out. drift.py makes the new set from the registry; the tests run these functions
on the stored sets (2.14.0 against 2.17.0, 0.40.0 against 2.17.0).

Four questions, each a function:
- `reading_lost`: which fields that a text shows does the reader not give (status, error type,
  error code, request id, the cause area)?
- `shown_lost`: which fields did the old release's text show that the new one no longer does?
- `facts_diff`: exception classes, (status, error_code) pairs, APIStatusError attributes, the
  transport and the retry rules added, removed or changed (facts.json, from sdk_facts.py).
- `text_changes`: the cases whose wording changed (the str(e) template for the SDKs, the whole
  output for Claude Code, which rewords its errors often).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

FIELDS = ("status", "error_type", "error_code", "request_id")


@dataclass
class FixtureSet:
    client: str
    version: str
    meta: dict
    texts: dict[tuple[str, str], str]          # (case, form) -> text
    facts: dict | None = None

    @classmethod
    def load(cls, folder: Path) -> "FixtureSet":
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        texts = {}
        for case_id, case in meta["cases"].items():
            for form in case["forms"]:
                texts[(case_id, form)] = (folder / f"{case_id}.{form}.txt").read_text(encoding="utf-8")
        facts_path = folder / "facts.json"
        facts = json.loads(facts_path.read_text(encoding="utf-8")) if facts_path.exists() else None
        return cls(meta["client"], meta["version"], meta, texts, facts)

    def expected(self, case_id: str, form: str) -> dict:
        return self.meta["cases"][case_id]["forms"][form]


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.+-]", version))


def stored_sets(root: Path, client: str) -> list[Path]:
    """The stored versions of one client, oldest first."""
    folder = root / client
    found = [p for p in folder.iterdir() if (p / "meta.json").exists()] if folder.is_dir() else []
    return sorted(found, key=lambda p: version_key(p.name))


# --- what the reader gets from each text ---------------------------------------------------------

@dataclass
class Miss:
    case: str
    form: str
    field: str
    want: Any
    got: Any


def check_reading(expected: dict, server: dict, observation: Any, top_cause: str | None) -> list[tuple]:
    """(field, want, got) for each field the reader got wrong. A field the text shows must be
    read exactly; one it does not show may be None or the server's true value, nothing else."""
    misses = []
    for name in FIELDS:
        got, want = getattr(observation, name, None), expected.get(name)
        if want is not None and got != want:
            misses.append((name, want, got))
        elif want is None and got not in (None, server.get(name)):
            # A status derived from error.type (status_inferred) is no claim to have seen one.
            if not (name == "status" and getattr(observation, "status_inferred", False)):
                misses.append((name, None, got))
    areas = tuple(expected.get("areas") or ())
    if areas and not (top_cause or "").startswith(areas):
        misses.append(("cause", list(areas), top_cause))
    return misses


def reading_lost(fixtures: FixtureSet, diagnose: Callable[[str], Any]) -> list[Miss]:
    """Every field a text shows that `diagnose(text)` (a Diagnosis) does not give back."""
    out = []
    for (case_id, form), text in sorted(fixtures.texts.items()):
        d = diagnose(text)
        top = d.causes[0].id if d.causes else None
        server = fixtures.meta["cases"][case_id].get("server", {})
        for name, want, got in check_reading(fixtures.expected(case_id, form), server, d.observation, top):
            out.append(Miss(case_id, form, name, want, got))
    return out


def shown_lost(old: FixtureSet, new: FixtureSet) -> list[Miss]:
    """Fields the old release's text showed and the new one's text no longer shows."""
    out = []
    for key in sorted(set(old.texts) & set(new.texts)):
        was, now = old.expected(*key), new.expected(*key)
        for name in FIELDS:
            if was.get(name) is not None and now.get(name) is None:
                out.append(Miss(key[0], key[1], name, was[name], None))
    return out


# --- SDK facts ------------------------------------------------------------------------------------

@dataclass
class FactsDiff:
    classes_added: list[str] = field(default_factory=list)
    classes_removed: list[str] = field(default_factory=list)
    pairs_added: list[tuple] = field(default_factory=list)
    pairs_removed: list[tuple] = field(default_factory=list)
    attributes_added: list[str] = field(default_factory=list)
    attributes_removed: list[str] = field(default_factory=list)
    changed: dict[str, tuple] = field(default_factory=dict)     # "transport", "retry.<key>" -> (old, new)

    def empty(self) -> bool:
        return not any(vars(self).values())


def _pairs(facts: dict) -> set[tuple]:
    return {(s, c, k) for s, c, k in facts.get("error_pairs", [])}


def _value(source: object) -> object:
    """A constant's source text as a value to compare: 'httpx.Timeout(timeout=600.0, connect=5.0)'
    and 'httpx2.Timeout(timeout=10 * 60, connect=5.0)' are the same ten minutes (the transport
    change is reported on its own)."""
    if not isinstance(source, str):
        return source
    text = re.sub(r"\bhttpx\w*\.", "", source)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*\*\s*(\d+(?:\.\d+)?)",
                  lambda m: repr(float(m.group(1)) * float(m.group(2))), text)
    return re.sub(r"\b(\d+)\.0\b", r"\1", text)


def facts_diff(old: dict, new: dict) -> FactsDiff:
    diff = FactsDiff()
    oc, nc = set(old.get("exception_classes", {})), set(new.get("exception_classes", {}))
    # A class named only in the pair table still counts as a class of the SDK.
    oc |= {k for _s, _c, k in _pairs(old)}
    nc |= {k for _s, _c, k in _pairs(new)}
    diff.classes_added, diff.classes_removed = sorted(nc - oc), sorted(oc - nc)
    op = {(s, c) for s, c, _k in _pairs(old)}
    np_ = {(s, c) for s, c, _k in _pairs(new)}
    diff.pairs_added = sorted(np_ - op, key=lambda p: (p[0], p[1] or ""))
    diff.pairs_removed = sorted(op - np_, key=lambda p: (p[0], p[1] or ""))
    oa, na = set(old.get("status_error_attributes", [])), set(new.get("status_error_attributes", []))
    diff.attributes_added, diff.attributes_removed = sorted(na - oa), sorted(oa - na)
    if old.get("transport") != new.get("transport"):
        diff.changed["transport"] = (old.get("transport"), new.get("transport"))
    for key in sorted(set(old.get("retry", {})) | set(new.get("retry", {}))):
        a, b = old.get("retry", {}).get(key), new.get("retry", {}).get(key)
        if _value(a) != _value(b):
            diff.changed[f"retry.{key}"] = (a, b)
    return diff


# --- wording --------------------------------------------------------------------------------------

def template(text: str, server: dict, message: str | None = None) -> str:
    """The text with the case's own values replaced by <placeholders>, so that two releases'
    texts of the same answer compare by shape (e.g. 'Error code: <status> - {...}' against
    '<status> <message> (request_id: <request_id>, ...)')."""
    out = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", text)
    out = re.sub(r"/tmp/[^\s\"']+/(site-packages|node_modules)/", r"<prefix>/\1/", out)
    out = re.sub(r"line \d+", "line <n>", out)
    out = re.sub(r"~\d+ tokens", "~<n> tokens", out)   # Claude Code's own prompt size, run to run
    if message:
        out = re.sub(rf"(?<!\w){re.escape(message)}(?!\w)", "<message>", out)
        if "{'" in out:   # a Python dict's repr quotes with " when the message holds a '
            out = out.replace('"<message>"', "'<message>'")
    for name in ("request_id", "error_code", "error_type"):
        if server.get(name):
            out = out.replace(server[name], f"<{name}>")
    if server.get("status"):
        out = re.sub(rf"(?<![\w.]){server['status']}(?![\w.])", "<status>", out)
    return out


@dataclass
class TextChange:
    case: str
    form: str
    old: str
    new: str


def text_changes(old: FixtureSet, new: FixtureSet, messages: dict[str, str] | None = None,
                 forms: tuple[str, ...] | None = None) -> list[TextChange]:
    """Cases (and forms) whose wording changed, compared as templates."""
    out = []
    for key in sorted(set(old.texts) & set(new.texts)):
        if forms and key[1] not in forms:
            continue
        server = new.meta["cases"][key[0]].get("server", {})
        msg = (messages or {}).get(key[0])
        a, b = template(old.texts[key], server, msg), template(new.texts[key], server, msg)
        if a != b:
            out.append(TextChange(key[0], key[1], a, b))
    return out


# --- the report ----------------------------------------------------------------------------------

def _short(text: str, limit: int = 240) -> str:
    one = " ⏎ ".join(line for line in text.strip().splitlines() if line.strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def report(old: FixtureSet, new: FixtureSet, diagnose: Callable[[str], Any] | None = None,
           messages: dict[str, str] | None = None, text_forms: tuple[str, ...] | None = None
           ) -> tuple[list[str], bool]:
    """A plain-text report of everything that changed from `old` to `new`, and whether anything
    did (or, given `diagnose`, whether any field of the new text is not read)."""
    lines = [f"== {new.client}: {old.version} -> {new.version}"]
    drift = False
    if old.facts and new.facts:
        d = facts_diff(old.facts, new.facts)
        drift = not d.empty()
        if d.changed.get("transport"):
            a, b = d.changed["transport"]
            lines.append(f"transport: {a} -> {b}")
        lines.append(f"exception classes: +{len(d.classes_added)} -{len(d.classes_removed)}")
        lines += [f"  + {c}" for c in d.classes_added] + [f"  - {c}" for c in d.classes_removed]
        lines.append(f"(status, error_code) pairs: +{len(d.pairs_added)} -{len(d.pairs_removed)}")
        lines += [f"  + {s} {c}" for s, c in d.pairs_added] + [f"  - {s} {c}" for s, c in d.pairs_removed]
        if d.attributes_added or d.attributes_removed:
            lines.append("APIStatusError attributes: " + " ".join(
                [f"+{a}" for a in d.attributes_added] + [f"-{a}" for a in d.attributes_removed]))
        retry = {k: v for k, v in d.changed.items() if k.startswith("retry.")}
        lines.append("retry rules: " + ("unchanged" if not retry else "changed"))
        lines += [f"  {k[6:]}: {a!r} -> {b!r}" for k, (a, b) in retry.items()]
    changes = text_changes(old, new, messages, text_forms)
    lost = shown_lost(old, new)
    lines.append(f"wording changed: {len(changes)} text(s)")
    groups: dict[tuple[str, str], list[str]] = {}
    for c in changes:                       # one entry per shape change, with the cases it covers
        groups.setdefault((_short(c.old), _short(c.new)), []).append(f"{c.case} [{c.form}]")
    for (was, now), where in groups.items():
        lines += [f"  {', '.join(where)}", f"    was: {was}", f"    now: {now}"]
    only_old = sorted({k[0] for k in old.texts} - {k[0] for k in new.texts})
    only_new = sorted({k[0] for k in new.texts} - {k[0] for k in old.texts})
    if only_old or only_new:
        lines.append(f"cases only in {old.version}: {only_old}; only in {new.version}: {only_new}")
    lines.append(f"fields the text no longer shows: {len(lost)}")
    lines += [f"  {m.case} [{m.form}] {m.field} (was {m.want})" for m in lost]
    if diagnose is not None:
        misses = reading_lost(new, diagnose)
        lines.append(f"not read by this reader: {len(misses)} field(s) in "
                     f"{len({(m.case, m.form) for m in misses})} of {len(new.texts)} text(s)")
        by_field = {f: sum(1 for m in misses if m.field == f) for f in (*FIELDS, "cause")}
        lines.append("  by field: " + ", ".join(f"{f} {n}" for f, n in by_field.items() if n))
        lines += [f"  {m.case} [{m.form}] {m.field}: want {m.want!r}, got {m.got!r}" for m in misses]
        drift = drift or bool(misses)
    return lines, drift or bool(changes or lost or only_old or only_new)
