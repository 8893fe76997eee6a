"""Resolve an `explain KEY` (status, error type, error_code, cause id, lint rule, model id) offline."""

from __future__ import annotations

from knowledge.record import Record, factory

from knowledge import KnowledgeBase
from knowledge.model import Cause, ErrorCode, ErrorType, LintRule, Model

from .. import models
from .codes import CAUSE_PREFIX, causes_by_code


class Entry(Record):
    kind: str                                   # status | error_type | error_code | cause | rule | model
    key: str
    error_types: list[ErrorType] = factory(list)
    causes: list[Cause] = factory(list)
    codes: list[ErrorCode] = factory(list)
    classes: dict[str, str] = factory(dict)  # language → exception class
    rule: LintRule | None = None
    model: Model | None = None


def causes_for_type(kb: KnowledgeBase, type_keys: set[str], status: int | None) -> list[Cause]:
    out = []
    for c in kb.causes:
        if c.error_type in type_keys or (status is not None and c.required_statuses
                                         and status in c.required_statuses):
            out.append(c)
    return out


def classes_for(kb: KnowledgeBase, status: int | None) -> dict[str, str]:
    if status is None:
        return {}
    out = {}
    for lang, sdk in kb.sdks.items():
        name = sdk.classes.get(str(status)) or (sdk.classes.get("5xx") if status >= 500 else None)
        if not name:
            out[lang] = f"{sdk.status_base or sdk.base} (no class of its own)"
            continue
        sep = {"ruby": "::", "php": "\\"}.get(lang, ".")
        qualified = not sdk.namespace or name.startswith("*") or sep in name
        out[lang] = name if qualified else f"{sdk.namespace}{sep}{name}"
    return out


def resolve(kb: KnowledgeBase, key: str) -> Entry | None:
    k = key.strip()
    low = k.lower()
    if low.isascii() and (low.isdigit() or (low[:1] == "e" and low[1:].isdigit())):  # not "¹": isdigit, no int
        status = int(low.lstrip("e"))
        types = [t for t in kb.error_types.values() if t.status == status]
        codes = sorted((c for c in kb.error_codes.values() if c.status == status), key=lambda c: c.code)
        causes = causes_for_type(kb, {t.key for t in types}, status)
        if types or codes or causes:
            return Entry("status", str(status), types, causes, codes, classes_for(kb, status))
    if low in kb.error_types:
        t = kb.error_types[low]
        return Entry("error_type", low, [t], causes_for_type(kb, {low}, None), [], classes_for(kb, t.status))
    if k in kb.cause_by_id:
        c = kb.cause_by_id[k]
        return Entry("cause", k, [kb.error_types[c.error_type]] if c.error_type in kb.error_types else [], [c])
    if low.startswith(CAUSE_PREFIX) and low[len(CAUSE_PREFIX):] in kb.codes_by_name:
        low = low[len(CAUSE_PREFIX):]  # the cause the engine builds for a code without one of its own
    if low in kb.codes_by_name:
        code = kb.codes_by_name[low]
        causes = [kb.cause_by_id[i] for i in causes_by_code(kb).get(low, ())]
        return Entry("error_code", low, [], causes, [code])
    rule = kb.lint_rules.get(k.upper()) or next((r for r in kb.lint_rules.values() if r.name == low), None)
    if rule:
        return Entry("rule", rule.id, [], [kb.cause_by_id[c] for c in rule.causes if c in kb.cause_by_id],
                     rule=rule)
    model = models.lookup(kb, k)
    if model:
        return Entry("model", model.id, model=model)
    return None


def all_keys(kb: KnowledgeBase) -> list[str]:
    keys = [str(t.status) for t in kb.error_types.values() if t.status] + list(kb.error_types)
    keys += [c.id for c in kb.causes] + list(kb.codes_by_name) + list(kb.lint_rules)
    keys += [r.name for r in kb.lint_rules.values()] + [m.id for m in kb.models]
    return keys


def miss_message(key: str, suggestions: list[str]) -> str:
    """What to say when `key` resolves to nothing: the near keys, or what a key can be."""
    hint = (f" Did you mean: {', '.join(suggestions)}?" if suggestions
            else " Try a status (429), an error type, an error_code or a cause id.")
    return f"nothing known as {key!r}.{hint}"


def suggest(kb: KnowledgeBase, key: str) -> list[str]:
    import difflib
    by_lower = {k.lower(): k for k in all_keys(kb)}
    close = difflib.get_close_matches(key.strip().lower(), list(by_lower), n=5, cutoff=0.55)
    return [by_lower[k] for k in close]
