"""Load the knowledge base once per process: read the TOML, validate it, build frozen objects.

Every CLI call pays this, so the validated raw data is cached (marshal, keyed by the data files'
names, sizes and modification times) in the user's cache folder; a changed file rebuilds it.
"""

from __future__ import annotations

import marshal
import os
import zlib
from functools import cached_property

from .model import (MATCH_MODIFIERS, Cause, ErrorCode, ErrorType, Example, LazyExamples, LintRule, Model,
                    Recogniser, RuleGroup, Sdk, SdkException, SdkFacts, SdkVersion)
from .record import Record, factory

# Validation (schema.py, tomllib) is imported only when the cache is rebuilt: every CLI call
# pays the import cost of whatever this module imports at the top.

CACHE_FORMAT = 7  # bump when the raw layout or validation changes
LITERALS = "_literals"  # derived key added to a [[cause.match]] after validation
GENERATED_FACTS = "generated/sdk_facts.toml"  # also in schema.py, which only the cache rebuild imports


class KnowledgeBase(Record):
    error_types: dict[str, ErrorType]
    causes: tuple[Cause, ...]
    error_codes: dict[tuple[int, str], ErrorCode]
    models: tuple[Model, ...]
    rule_groups: dict[str, RuleGroup]
    sdks: dict[str, Sdk]
    lint_rules: dict[str, LintRule] = factory(dict)
    sdk_versions: tuple[SdkVersion, ...] = ()
    sdk_facts: SdkFacts = factory(SdkFacts)

    @cached_property
    def cause_by_id(self) -> dict[str, Cause]:
        return {c.id: c for c in self.causes}

    @cached_property
    def model_by_id(self) -> dict[str, Model]:
        """Every accepted id (canonical and aliases, platform ids too) → its model."""
        table: dict[str, Model] = {}
        for m in self.models:
            for name in (m.id, *m.aliases, m.bedrock_id, m.vertex_id):
                if name:
                    table[name] = m
        return table

    @cached_property
    def codes_by_name(self) -> dict[str, ErrorCode]:
        return {ec.code: ec for ec in self.error_codes.values()}

    def derived(self, key: object, build):
        """A value another layer computes from this knowledge base (the engine's index, the app's
        tables), built once and kept on this object, as the cached properties above are. A module
        dict keyed by id(kb) could hand a new knowledge base the tables of a dead one."""
        cache = self.__dict__.setdefault("_derived", {})
        if key not in cache:
            cache[key] = build()
        return cache[key]


def data_dir() -> str:
    """The folder of TOML files shipped inside the package (hatch puts it in the wheel).

    Found from this file rather than through importlib.resources, whose import alone costs
    ~9 ms on every CLI call; a zip-imported install (no real folder) falls back to it.
    """
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    if os.path.isdir(here):
        return here
    from importlib import resources
    return str(resources.files("knowledge") / "data")


def _data_files(root: str) -> list[tuple[str, os.stat_result]]:
    """(relative posix name, stat) of every .toml file under root, sorted."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".toml"):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, root).replace(os.sep, "/"), os.stat(path)))
    return sorted(found)


def _cache_path(files: list[tuple[str, os.stat_result]], root: str) -> str:
    """kb-<install>-<files>.marshal: the first part names the data folder, the second its state,
    so that an outdated cache of the same folder can be found and removed (see _prune)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    install = zlib.crc32(f"{CACHE_FORMAT}|{root}".encode())
    key = "".join(f"|{rel}|{st.st_size}|{st.st_mtime_ns}" for rel, st in files)
    return os.path.join(base, "claude-triage", f"kb-{install:08x}-{zlib.crc32(key.encode()):08x}-{len(key)}.marshal")


def _prune(cache: str) -> None:
    """Remove this data folder's older caches: every upgrade (or edit of a data file) makes a new
    one, and nothing else would ever delete the old."""
    folder, name = os.path.split(cache)
    prefix = "-".join(name.split("-")[:2]) + "-"  # "kb-<install>-"
    try:
        for old in os.listdir(folder):
            if old.startswith(prefix) and not old.startswith(name):
                os.remove(os.path.join(folder, old))
    except OSError:
        pass  # another process pruned first, or the folder is read-only: only disk space is at stake


def _read_raw(root: str, files: list[tuple[str, os.stat_result]]) -> dict:
    """Parse and validate every file; return {relative name: parsed TOML}."""
    import tomllib

    from .schema import SchemaError
    raw = {}
    for rel, _ in files:
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            text = fh.read()
        try:
            raw[rel] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SchemaError(f"{rel}: invalid TOML: {exc}") from None
        _validate_file(rel, raw[rel])
    _validate_links(raw)
    _add_prefilters(raw)
    return raw


def _add_prefilters(raw: dict) -> None:
    """Store each message/text regex's required literals with it (see literals.py)."""
    from .literals import required_literals
    for rel, doc in raw.items():
        for cause in doc.get("cause", []) if rel.startswith("causes/") else []:
            for m in cause["match"]:
                for kind in ("message", "text"):
                    if kind in m:
                        m[LITERALS] = required_literals(m[kind])


def _validate_file(rel: str, doc: dict) -> None:
    from . import schema
    from .schema import SchemaError
    spec = {"cause": None} if rel.startswith("causes/") else schema.FILE_SPECS.get(rel)
    if spec is None:
        raise SchemaError(f"{rel}: unexpected file in the knowledge base")
    unknown = set(doc) - set(spec)
    if unknown:
        raise SchemaError(f"{rel}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    for array, fields in spec.items():
        entries = doc.get(array, [])
        if not isinstance(entries, list):
            raise SchemaError(f"{rel}: '{array}' must be an array of tables ([[{array}]])")
        for i, entry in enumerate(entries):
            where = f"{rel}: {array}[{i}]"
            if fields is None:
                schema.check_cause(entry, where)
                continue
            schema.check_fields(entry, fields, where)
            for (file, outer, inner), inner_fields in schema.NESTED_SPECS.items():
                if (file, outer) == (rel, array):
                    for j, nested in enumerate(entry.get(inner, [])):
                        schema.check_fields(nested, inner_fields, f"{where}: {inner}[{j}]")


def _validate_links(raw: dict) -> None:
    """Cross-file checks: unique ids, causes point at known error types and model rules."""
    from .schema import SchemaError
    types = {t["key"] for t in raw.get("error_types.toml", {}).get("error_type", [])}
    groups = {g["key"] for g in raw.get("models.toml", {}).get("rule_group", [])}
    seen: dict[str, str] = {}
    for rel, doc in raw.items():
        for i, cause in enumerate(doc.get("cause", []) if rel.startswith("causes/") else []):
            where = f"{rel}: cause[{i}] ({cause['id']})"
            if cause["id"] in seen:
                raise SchemaError(f"{where}: id already used in {seen[cause['id']]}")
            seen[cause["id"]] = rel
            if types and cause["error_type"] not in types:
                raise SchemaError(f"{where}: 'error_type' {cause['error_type']!r} is not in error_types.toml")
            for j, m in enumerate(cause["match"]):
                if groups and "model_rule" in m and m["model_rule"] not in groups:
                    raise SchemaError(f"{where}: match[{j}]: unknown model_rule {m['model_rule']!r}")
    for i, model in enumerate(raw.get("models.toml", {}).get("model", [])):
        for rule in model.get("rules", []):
            if rule not in groups:
                raise SchemaError(f"models.toml: model[{i}] ({model['id']}): unknown rule {rule!r}")
    _validate_error_codes(raw)
    _validate_sdk_versions(raw.get("sdk_versions.toml", {}).get("sdk_version", []), seen)


def _validate_error_codes(raw: dict) -> None:
    """Each hand-written code exists in the generated SDK facts, in a known area, and documents
    only `details` keys the SDK's type for that code has. (A generated code with no hand-written
    entry is not an error here, so an SDK upgrade never stops the tool; tests/test_sdk_facts.py
    fails on it instead.)"""
    from .schema import ERROR_CODE_AREAS, GENERATED_FACTS, SchemaError
    generated = raw.get(GENERATED_FACTS)
    if generated is None:
        return
    known = {(e["status"], e["code"]): e for e in generated.get("error_code", [])}
    seen = set()
    for i, e in enumerate(raw.get("error_codes.toml", {}).get("error_code", [])):
        where = f"error_codes.toml: error_code[{i}] ({e['status']} {e['code']})"
        if (e["status"], e["code"]) in seen:
            raise SchemaError(f"{where}: listed twice")
        seen.add((e["status"], e["code"]))
        fact = known.get((e["status"], e["code"]))
        if fact is None:
            raise SchemaError(f"{where}: not in {GENERATED_FACTS}; the pinned SDK has no such code "
                              "(rerun `python -m knowledge.generate_sdk_facts` after an SDK upgrade)")
        if e["area"] not in ERROR_CODE_AREAS:
            raise SchemaError(f"{where}: 'area' must be one of {sorted(ERROR_CODE_AREAS)}")
        keys = {d["key"] for d in fact.get("detail", [])}
        for key, meaning in e.get("details", {}).items():
            if key not in keys:
                raise SchemaError(f"{where}: details key {key!r} is not in the SDK's details type "
                                  f"(it has {sorted(keys) or 'none'})")
            if not isinstance(meaning, str) or not meaning.strip():
                raise SchemaError(f"{where}: details.{key} must be a one-line description")


def _validate_sdk_versions(entries: list[dict], cause_ids: dict[str, str]) -> None:
    """Version facts: comparable release numbers, a known severity, a link to an existing cause."""
    from .schema import SDK_VERSION_SEVERITIES, VERSION, SchemaError
    for i, v in enumerate(entries):
        where = f"sdk_versions.toml: sdk_version[{i}]"
        if not VERSION.match(v["since"]):
            raise SchemaError(f"{where}: 'since' must be a release number like 0.47.0, got {v['since']!r}")
        if v["severity"] not in SDK_VERSION_SEVERITIES:
            raise SchemaError(f"{where}: 'severity' must be one of {sorted(SDK_VERSION_SEVERITIES)}")
        if cause_ids and v.get("cause") and v["cause"] not in cause_ids:
            raise SchemaError(f"{where}: unknown cause {v['cause']!r}")


def _split(raw: dict) -> tuple[dict, dict]:
    """(the data without example pastes, {cause id: its [[cause.example]] tables}).

    The pastes are a third of the data and only tests, `explain` and the app's example picker
    read them, so they live in a second cache file that a plain `diagnose` never opens."""
    core, examples = {}, {}
    for rel, doc in raw.items():
        if rel.startswith("causes/"):
            causes = []
            for cause in doc.get("cause", []):
                examples[cause["id"]] = cause["example"]
                causes.append({k: v for k, v in cause.items() if k != "example"})
            doc = {**doc, "cause": causes}
        elif rel == GENERATED_FACTS:  # the SDKs' docstrings are for the generator's readers, not the CLI
            doc = {k: [{f: v for f, v in e.items() if f != "doc"} for e in entries] for k, entries in doc.items()}
        core[rel] = doc
    return core, examples


# A cache file is MAGIC, a digest of the payload, then the payload (marshal of plain data: dicts,
# lists, strings, numbers). A file that is truncated, corrupted, written by something else, not
# owned by this user or writable by others is ignored (and rebuilt): marshal is not meant for
# untrusted bytes, so none reach it. Nothing read from the cache is ever called or evaluated: the
# values are only handed to the frozen records as data, and a payload of the wrong shape is
# rejected (see _valid).
MAGIC = b"claude-triage-kb\x00" + bytes([CACHE_FORMAT])
_DIGEST = 16


def _digest(payload: bytes) -> bytes:
    try:  # hashlib's own BLAKE2 backend: `import hashlib` also loads OpenSSL, ~3.5 ms of every CLI call
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    return blake2b(payload, digest_size=_DIGEST, person=b"ct-kb-cache").digest()


def _write(path: str, data: object) -> None:
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        payload = marshal.dumps(data)
        with open(tmp, "wb") as fh:
            fh.write(MAGIC + _digest(payload) + payload)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # a read-only or missing cache folder only costs speed


def _read(path: str) -> object | None:
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return None  # someone else's file, or one others can write: not ours to trust
            data = fh.read()
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST
    if not data.startswith(MAGIC) or len(data) < head or _digest(data[head:]) != data[len(MAGIC):head]:
        return None
    try:
        return marshal.loads(data[head:])
    except (ValueError, EOFError, TypeError):
        return None


def _valid(core: object) -> bool:
    """The shape of the cached data: {"<file>.toml": {table name: [entries…]}}."""
    return isinstance(core, dict) and bool(core) and all(
        isinstance(rel, str) and rel.endswith(".toml") and isinstance(doc, dict)
        and all(isinstance(k, str) and isinstance(v, list) for k, v in doc.items())
        for rel, doc in core.items())


def _load_split(root: str | None = None, use_cache: bool = True) -> tuple[dict, object]:
    """(validated data without example pastes, a zero-argument loader of the pastes)."""
    root = str(root or data_dir())
    files = _data_files(root)
    cache = _cache_path(files, root) if use_cache else None
    core = _read(cache) if cache else None
    if _valid(core):
        def examples() -> dict:
            found = _read(cache + ".examples")
            valid = isinstance(found, dict) and all(isinstance(v, list) for v in found.values())
            return found if valid else _split(_read_raw(root, files))[1]
        return core, examples
    core, examples_table = _split(_read_raw(root, files))
    if cache:
        _write(cache + ".examples", examples_table)
        _write(cache, core)  # last: a core file means both are there
        _prune(cache)
    return core, lambda: examples_table


def load_raw(root: str | None = None, use_cache: bool = True) -> dict:
    """The validated raw data, example pastes included: from the cache when the files are
    unchanged, else from the TOML."""
    core, examples = _load_split(root, use_cache)
    table = examples()
    return {rel: ({**doc, "cause": [{**c, "example": table[c["id"]]} for c in doc.get("cause", [])]}
                  if rel.startswith("causes/") else doc) for rel, doc in core.items()}


def _recogniser(m: dict) -> Recogniser:
    (kind,) = set(m) - MATCH_MODIFIERS - {LITERALS}
    literals = m.get(LITERALS)
    return Recogniser(kind=kind, value=m[kind], weight=float(m["weight"]),
                      required=m.get("required", False), exclude=m.get("exclude", False),
                      header_value=m.get("value"), literals=tuple(literals) if literals else None)


# Cheap predicates first, regexes last, so a failed `required` gate skips the regex work.
_COST = {"status": 0, "error_type": 0, "error_code": 0, "source": 0, "no_status": 0, "env": 0,
         "model_rule": 1, "request": 1, "finding": 1, "header": 1, "exception": 2, "check": 2,
         "message": 3, "text": 4}


def _examples(cause_id: str, tables: list[dict]) -> tuple[Example, ...]:
    return tuple(Example(paste=e["paste"], expect=e.get("expect", cause_id), env=e.get("env", {}),
                         note=e.get("note", "")) for e in tables)


def _cause(c: dict, rel: str, examples) -> Cause:
    recognisers = sorted((_recogniser(m) for m in c["match"]),
                         key=lambda r: (not (r.required or r.exclude), _COST.get(r.kind, 5)))
    cid = c["id"]
    if "example" in c:
        shown = _examples(cid, c["example"])
    else:  # read from the examples cache on first use
        shown = LazyExamples(lambda: _examples(cid, examples()[cid]))
    return Cause(
        id=cid, error_type=c["error_type"], title=c["title"], summary=c["summary"],
        fix=tuple(c["fix"]), retryable=c["retryable"], docs_url=c["docs_url"],
        matches=tuple(recognisers), examples=shown, sources=tuple(c.get("sources", ())), file=rel,
    )


def build(raw: dict, examples=None) -> KnowledgeBase:
    """Frozen objects from validated raw data. Without example pastes in `raw`, `examples` is
    the zero-argument loader that supplies them (see _load_split)."""
    examples = _once(examples) if examples is not None else (lambda: {})
    def entries(rel: str, key: str) -> list[dict]:
        return raw.get(rel, {}).get(key, [])

    facts = _sdk_facts(raw.get(GENERATED_FACTS, {}))
    causes = [_cause(c, rel, examples) for rel in sorted(raw) if rel.startswith("causes/")
              for c in raw[rel].get("cause", [])]
    models = tuple(
        Model(**{**m, "aliases": tuple(m.get("aliases", ())), "rules": frozenset(m.get("rules", ()))})
        for m in entries("models.toml", "model"))
    return KnowledgeBase(
        error_types={t["key"]: ErrorType(**t) for t in entries("error_types.toml", "error_type")},
        causes=tuple(causes),
        error_codes=_error_codes(entries("error_codes.toml", "error_code"), facts),
        models=models,
        rule_groups={g["key"]: RuleGroup(**g) for g in entries("models.toml", "rule_group")},
        sdks={s["language"]: Sdk(**{**s, "catch_order": tuple(s["catch_order"])})
              for s in entries("sdks.toml", "sdk")},
        lint_rules={r["id"]: LintRule(**{**r, "causes": tuple(r.get("causes", ()))})
                    for r in entries("lint_rules.toml", "rule")},
        sdk_versions=tuple(SdkVersion(**v) for v in entries("sdk_versions.toml", "sdk_version")),
        sdk_facts=facts,
    )


def _sdk_facts(doc: dict) -> SdkFacts:
    return SdkFacts(
        versions={p["language"]: p["version"] for p in doc.get("package", [])},
        status_classes={p["language"]: {int(s): c for s, c in p["status_classes"].items()} for p in doc.get("package", [])},
        exceptions=tuple(SdkException(language=e["language"], name=e["name"], parent=e["parent"], status=e.get("status"),
                                      aliases=tuple(e.get("aliases", ()))) for e in doc.get("exception", [])),
        code_classes={(c["status"], c["code"]): dict(c["classes"]) for c in doc.get("error_code", [])},
        code_parents={(c["status"], c["code"]): dict(c["parents"]) for c in doc.get("error_code", [])},
        detail_keys={(c["status"], c["code"]): tuple(d["key"] for d in c.get("detail", ())) for c in doc.get("error_code", [])},
    )


def _error_codes(hand: list[dict], facts: SdkFacts) -> dict[tuple[int, str], ErrorCode]:
    """The hand-written entries joined with the generated class names (Python's is `sdk_class`)."""
    table = {}
    for e in hand:
        key = (e["status"], e["code"])
        classes, parents = facts.code_classes.get(key, {}), facts.code_parents.get(key, {})
        table[key] = ErrorCode(**e, sdk_class=classes.get("python", ""), parent=parents.get("python", ""),
                               classes=classes)
    return table


_KB: KnowledgeBase | None = None


def load() -> KnowledgeBase:
    """The knowledge base, loaded once per process."""
    global _KB
    if _KB is None:
        try:
            _KB = build(*_load_split())
        except (KeyError, TypeError, ValueError, AttributeError):  # a cache that passed its checks yet
            _KB = build(*_load_split(use_cache=False))             # is not what build expects
    return _KB


def _once(loader):
    """Call `loader` at most once (every cause's lazy examples share one read of the file)."""
    cell: list = []

    def load():
        if not cell:
            cell.append(loader())
        return cell[0]
    return load


REQUEST_SCHEMA = "generated/request_schema.json"  # python -m knowledge.generate_request_schema
_SCHEMA: dict | None = None


def request_schema() -> dict:
    """The Messages API request schema generated from the pinned SDK, read on first use.

    Only a paste whose error message has the API's validation grammar needs it (the validation
    explainer, tui/engine/validation.py): no CLI call pays for it otherwise.
    """
    global _SCHEMA
    if _SCHEMA is None:
        import json
        with open(os.path.join(data_dir(), REQUEST_SCHEMA), encoding="utf-8") as fh:
            _SCHEMA = json.load(fh)
    return _SCHEMA
