"""Frozen objects the loader builds from the TOML data. Plain data: no parsing or scoring here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from .record import Record, factory

# Keys of a [[cause.match]] table that modify its one predicate (see SCHEMA.md).
MATCH_MODIFIERS = frozenset({"weight", "required", "exclude", "value"})


class ErrorType(Record):
    key: str
    title: str
    summary: str
    retryable: bool
    docs_url: str
    status: int | None = None


class Recogniser(Record):
    """One predicate of a cause: `kind` is the predicate key, `value` its argument."""

    kind: str
    value: object
    weight: float
    required: bool = False
    exclude: bool = False
    header_value: str | None = None
    literals: tuple[str, ...] | None = None  # one must occur (lower-cased) for the regex to match

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: a CLI call only touches the causes its status selects.
        pattern = self.header_value if self.kind == "header" else self.value
        return re.compile(str(pattern), re.IGNORECASE | re.DOTALL)

    def values(self) -> tuple:
        return tuple(self.value) if isinstance(self.value, list) else (self.value,)


class Example(Record):
    paste: str
    expect: str
    env: dict = factory(dict)
    note: str = ""


class LazyExamples(Sequence):
    """A cause's example pastes, read from their own cache file on first use (see loader)."""

    def __init__(self, load) -> None:
        self._load, self._items = load, None

    def _get(self) -> tuple:
        if self._items is None:
            self._items = tuple(self._load())
        return self._items

    def __getitem__(self, index):
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return f"LazyExamples({'not loaded' if self._items is None else len(self._items)})"


class Cause(Record):
    id: str
    error_type: str
    title: str
    summary: str
    fix: tuple[str, ...]
    retryable: bool
    docs_url: str
    matches: tuple[Recogniser, ...]
    examples: tuple[Example, ...]
    sources: tuple[str, ...] = ()
    file: str = ""

    @cached_property
    def required_statuses(self) -> frozenset[int] | None:
        """Statuses a required `status` recogniser allows (None: any), for the engine's index."""
        for r in self.matches:
            if r.kind == "status" and r.required and not r.exclude:
                return frozenset(r.values())
        return None


class ErrorCode(Record):
    """A hand-written (status, error_code) entry joined with the generated SDK facts."""

    status: int
    code: str
    sdk_class: str          # the Python SDK's class (generated)
    parent: str             # its parent class (generated)
    area: str
    meaning: str
    fix: str
    retryable: bool
    classes: dict = factory(dict)   # language -> the SDK's class for this code (generated)
    details: dict = factory(dict)   # error.details key -> what its value tells the user (hand-written)


class SdkException(Record):
    language: str
    name: str
    parent: str
    status: int | None = None
    aliases: tuple[str, ...] = ()


class SdkFacts(Record):
    """What generated/sdk_facts.toml says about the pinned SDK packages (see generate_sdk_facts.py)."""

    versions: dict = factory(dict)          # language -> package version
    status_classes: dict = factory(dict)    # language -> {status: class}
    exceptions: tuple[SdkException, ...] = ()
    code_classes: dict = factory(dict)      # (status, code) -> {language: class}
    code_parents: dict = factory(dict)      # (status, code) -> {language: parent class}
    detail_keys: dict = factory(dict)       # (status, code) -> the keys of its `details` type

    def sdk_class(self, language: str, status: int, code: str | None = None) -> str | None:
        """The class the SDK raises for (status, error_code), as the SDK itself picks it: the code's
        class, else the status's class, else None (the caller falls back to the language's base)."""
        by_code = self.code_classes.get((status, code), {}).get(language) if code else None
        return by_code or self.status_classes.get(language, {}).get(status)

    @cached_property
    def _class_status(self) -> dict[tuple[str, str], int]:
        table = {(e.language, n): e.status for e in self.exceptions if e.status for n in (e.name, *e.aliases)}
        for (status, _), classes in self.code_classes.items():
            table.update({(language, name): status for language, name in classes.items()})
        return table

    def class_status(self, language: str, name: str) -> int | None:
        """The HTTP status a class (status class, alias or error-code class) stands for."""
        return self._class_status.get((language, name))


class Model(Record):
    id: str
    name: str
    family: str
    lifecycle: str
    aliases: tuple[str, ...] = ()
    retires: str | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    rules: frozenset[str] = frozenset()
    bedrock_id: str | None = None
    vertex_id: str | None = None
    note: str = ""


class RuleGroup(Record):
    key: str
    summary: str
    source: str = ""


class Sdk(Record):
    language: str
    namespace: str
    base: str
    catch_order: tuple[str, ...]
    snippet: str
    classes: dict
    status_base: str | None = None
    connection: str | None = None
    timeout: str | None = None
    notes: str = ""


class LintRule(Record):
    id: str
    name: str
    severity: str
    summary: str
    fix: str
    docs_url: str
    causes: tuple[str, ...] = ()
    example_bad: str = ""
    example_good: str = ""
    params: dict = factory(dict)      # the rule's limits and tables (thresholds, field maps): data, not code
    sources: tuple[str, ...] = ()


class SdkVersion(Record):
    """A behaviour an SDK release introduced: an installed version older than `since` lacks it."""

    package: str
    language: str
    since: str
    feature: str
    before: str
    severity: str
    source: str
    cause: str = ""
