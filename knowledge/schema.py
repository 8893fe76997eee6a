"""The one schema every knowledge-base file is validated against (see SCHEMA.md).

Validation is hand-rolled rather than a jsonschema dependency: the runtime must stay lean and the
messages must name the file, the entry and the field, e.g.
`causes/auth.toml: cause[3] (auth.invalid-key): match[1]: 'weight' must be a number in (0, 1]`.
"""

from __future__ import annotations

import re
from typing import Any

from .model import MATCH_MODIFIERS


class SchemaError(ValueError):
    """A knowledge-base file does not fit the schema; the message says where."""


# Field kinds: a type, a tuple of types, or a callable check returning an error string or None.
REQUIRED, OPTIONAL = True, False

ERROR_TYPE_FIELDS = {
    "key": (str, REQUIRED),
    "status": (int, OPTIONAL),
    "title": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "retryable": (bool, REQUIRED),
    "docs_url": (str, REQUIRED),
}

CAUSE_FIELDS = {
    "id": (str, REQUIRED),
    "error_type": (str, REQUIRED),
    "title": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "fix": (list, REQUIRED),
    "retryable": (bool, REQUIRED),
    "docs_url": (str, REQUIRED),
    "sources": (list, OPTIONAL),
    "match": (list, REQUIRED),
    "example": (list, REQUIRED),
}

# Recogniser predicates: exactly one of these per [[cause.match]].
PREDICATES = {
    "status": (int, list),
    "error_type": (str, list),
    "error_code": (str, list),
    "message": str,
    "text": str,
    "header": str,
    "source": (str, list),
    "exception": str,
    "env": str,
    "model_rule": str,
    "request": str,
    "finding": str,
    "check": str,
    "no_status": bool,
}
REGEX_PREDICATES = {"message", "text", "exception"}

ENV_PREDICATES = {
    "api_key_set", "auth_token_set", "both_credentials", "no_credentials", "api_key_blank",
    "api_key_is_oauth", "api_key_is_admin", "auth_token_is_api_key", "base_url_set",
    "base_url_not_https", "proxy_set",
}

EXAMPLE_FIELDS = {
    "paste": (str, REQUIRED),
    "env": (dict, OPTIONAL),
    "expect": (str, OPTIONAL),
    "note": (str, OPTIONAL),
}

ERROR_CODE_FIELDS = {  # hand-written; the SDK class names come from generated/sdk_facts.toml
    "status": (int, REQUIRED),
    "code": (str, REQUIRED),
    "area": (str, REQUIRED),
    "meaning": (str, REQUIRED),
    "fix": (str, REQUIRED),
    "retryable": (bool, REQUIRED),
    "details": (dict, OPTIONAL),  # error.details key -> one line on what its value tells the user
}
ERROR_CODE_AREAS = {
    "messages", "admin", "billing", "claude-code", "cmek", "compaction", "environments", "files", "skills",
    "storage", "threads", "tools", "workspaces", "platform", "other",
}

# generated/sdk_facts.toml (written by knowledge/generate_sdk_facts.py, never by hand)
SDK_PACKAGE_FIELDS = {
    "language": (str, REQUIRED),
    "name": (str, REQUIRED),
    "version": (str, REQUIRED),
    "status_classes": (dict, REQUIRED),
}
SDK_EXCEPTION_FIELDS = {
    "language": (str, REQUIRED),
    "name": (str, REQUIRED),
    "parent": (str, REQUIRED),
    "status": (int, OPTIONAL),
    "aliases": (list, OPTIONAL),
    "doc": (str, OPTIONAL),
}
SDK_CODE_FIELDS = {
    "status": (int, REQUIRED),
    "code": (str, REQUIRED),
    "doc": (str, REQUIRED),
    "classes": (dict, REQUIRED),   # language -> class name
    "parents": (dict, REQUIRED),   # language -> parent class name
    "detail": (list, OPTIONAL),
}
SDK_DETAIL_FIELDS = {
    "key": (str, REQUIRED),
    "type": (str, REQUIRED),
    "required": (bool, REQUIRED),
    "doc": (str, REQUIRED),
}
GENERATED_FACTS = "generated/sdk_facts.toml"

MODEL_FIELDS = {
    "id": (str, REQUIRED),
    "aliases": (list, OPTIONAL),
    "name": (str, REQUIRED),
    "family": (str, REQUIRED),
    "lifecycle": (str, REQUIRED),
    "retires": (str, OPTIONAL),
    "context_window": (int, OPTIONAL),
    "max_output_tokens": (int, OPTIONAL),
    "rules": (list, OPTIONAL),
    "bedrock_id": (str, OPTIONAL),
    "vertex_id": (str, OPTIONAL),
    "note": (str, OPTIONAL),
}

RULE_GROUP_FIELDS = {
    "key": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "source": (str, OPTIONAL),
}

SDK_FIELDS = {
    "language": (str, REQUIRED),
    "namespace": (str, REQUIRED),
    "base": (str, REQUIRED),
    "status_base": (str, OPTIONAL),
    "connection": (str, OPTIONAL),
    "timeout": (str, OPTIONAL),
    "catch_order": (list, REQUIRED),
    "snippet": (str, REQUIRED),
    "classes": (dict, REQUIRED),
    "notes": (str, OPTIONAL),
}

LINT_RULE_FIELDS = {
    "id": (str, REQUIRED),
    "name": (str, REQUIRED),
    "severity": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "fix": (str, REQUIRED),
    "docs_url": (str, REQUIRED),
    "causes": (list, OPTIONAL),
    "example_bad": (str, OPTIONAL),
    "example_good": (str, OPTIONAL),
    "params": (dict, OPTIONAL),
    "sources": (list, OPTIONAL),
}

SDK_VERSION_FIELDS = {
    "package": (str, REQUIRED),
    "language": (str, REQUIRED),
    "since": (str, REQUIRED),
    "feature": (str, REQUIRED),
    "before": (str, REQUIRED),
    "severity": (str, REQUIRED),
    "cause": (str, OPTIONAL),
    "source": (str, REQUIRED),
}
SDK_VERSION_SEVERITIES = {"warn", "info"}
VERSION = re.compile(r"^\d+(\.\d+){1,3}$")  # plain release numbers: the checks compare them numerically

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list",
               dict: "a table", float: "a number"}
CAUSE_ID = re.compile(r"^[a-z0-9]+\.[a-z0-9][a-z0-9.\-]*$")


def _type_ok(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # TOML true is not an integer here
    return isinstance(value, kinds)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def check_fields(entry: Any, fields: dict, where: str) -> None:
    """Check one table against a field spec: required present, types right, nothing unknown."""
    if not isinstance(entry, dict):
        raise SchemaError(f"{where}: must be a table")
    for name, (kind, required) in fields.items():
        if name not in entry:
            if required:
                raise SchemaError(f"{where}: missing required field '{name}'")
            continue
        if not _type_ok(entry[name], kind):
            raise SchemaError(f"{where}: '{name}' must be {_kind_name(kind)}, got {entry[name]!r:.60}")
    unknown = set(entry) - set(fields)
    if unknown:
        raise SchemaError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")


def check_match(match: Any, where: str) -> None:
    """A recogniser: exactly one predicate, a weight in (0, 1], valid regex, known names."""
    if not isinstance(match, dict):
        raise SchemaError(f"{where}: must be a table")
    keys = set(match) - MATCH_MODIFIERS
    unknown = keys - set(PREDICATES)
    if unknown:
        raise SchemaError(f"{where}: unknown predicate(s) {', '.join(sorted(unknown))}")
    if len(keys) != 1:
        raise SchemaError(f"{where}: needs exactly one predicate, found {sorted(keys) or 'none'}")
    (key,) = keys
    if not _type_ok(match[key], PREDICATES[key]):
        raise SchemaError(f"{where}: '{key}' must be {_kind_name(PREDICATES[key])}")
    weight = match.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise SchemaError(f"{where}: 'weight' must be a number in (0, 1]")
    for flag in ("required", "exclude"):
        if flag in match and not isinstance(match[flag], bool):
            raise SchemaError(f"{where}: '{flag}' must be true or false")
    if "value" in match and key != "header":
        raise SchemaError(f"{where}: 'value' goes only with 'header'")
    for pattern_key in REGEX_PREDICATES | {"value"}:
        if pattern_key in match:
            try:
                re.compile(match[pattern_key])
            except re.error as exc:
                raise SchemaError(f"{where}: '{pattern_key}' is not a valid regex: {exc}") from None
    if key == "env" and match[key] not in ENV_PREDICATES:
        raise SchemaError(f"{where}: unknown env predicate {match[key]!r}")


def check_cause(cause: Any, where: str) -> None:
    check_fields(cause, CAUSE_FIELDS, where)
    if not CAUSE_ID.match(cause["id"]):
        raise SchemaError(f"{where}: 'id' must look like 'area.slug', got {cause['id']!r}")
    where = f"{where} ({cause['id']})"
    if not cause["fix"] or not all(isinstance(s, str) and s.strip() for s in cause["fix"]):
        raise SchemaError(f"{where}: 'fix' must be a non-empty list of strings")
    if not cause["match"]:
        raise SchemaError(f"{where}: 'match' needs at least one recogniser")
    for i, match in enumerate(cause["match"]):
        check_match(match, f"{where}: match[{i}]")
    if not cause["example"]:
        raise SchemaError(f"{where}: 'example' needs at least one example paste")
    for i, example in enumerate(cause["example"]):
        check_fields(example, EXAMPLE_FIELDS, f"{where}: example[{i}]")


FILE_SPECS = {
    "error_types.toml": {"error_type": ERROR_TYPE_FIELDS},
    "error_codes.toml": {"error_code": ERROR_CODE_FIELDS},
    "models.toml": {"model": MODEL_FIELDS, "rule_group": RULE_GROUP_FIELDS},
    "sdks.toml": {"sdk": SDK_FIELDS},
    "lint_rules.toml": {"rule": LINT_RULE_FIELDS},
    "sdk_versions.toml": {"sdk_version": SDK_VERSION_FIELDS},
    GENERATED_FACTS: {"package": SDK_PACKAGE_FIELDS, "exception": SDK_EXCEPTION_FIELDS, "error_code": SDK_CODE_FIELDS},
}
# Tables nested in an entry, checked like entries: (file, array, nested array) -> fields
NESTED_SPECS = {(GENERATED_FACTS, "error_code", "detail"): SDK_DETAIL_FIELDS}
