"""Generate knowledge/data/generated/request_schema.json from the installed `anthropic` SDK.

    python -m knowledge.generate_request_schema            # write the file
    python -m knowledge.generate_request_schema --check    # exit 1 if the file is out of date

The Messages API request schema is not kept by hand: the Python SDK ships it as TypedDicts
(`anthropic.types.message_create_params.MessageCreateParamsNonStreaming` and everything it
references; the beta ones under `anthropic.types.beta`). This walks them with
typing.get_type_hints / get_args and writes one compact JSON table the validation explainer
(tui/engine/validation.py) resolves error paths against. Run it after upgrading the pinned SDK;
docs/schema-400.md says how. Only this script imports the SDK: the CLI reads the JSON.
"""

from __future__ import annotations

import ast
import collections.abc
import inspect
import json
import os
import sys
import textwrap
import types
import typing

ROOTS = {  # root key → (module, the Union of TypedDicts a create() call accepts, the name written)
    "messages": ("anthropic.types.message_create_params", "MessageCreateParams", "MessageCreateParams"),
    "beta": ("anthropic.types.beta.message_create_params", "MessageCreateParams", "BetaMessageCreateParams"),
}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "generated", "request_schema.json")
DOC_LIMIT = 160  # characters of a field's first docstring sentence kept

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", object: "any",
            typing.Any: "any", bytes: "string"}
_ARRAYS = {list, tuple, set, frozenset, collections.abc.Iterable, collections.abc.Sequence,
           collections.abc.Collection, collections.abc.Iterator}
_MAPS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}


def _is_typeddict(t: object) -> bool:
    return isinstance(t, type) and issubclass(t, dict) and hasattr(t, "__required_keys__")


class Walker:
    """Converts SDK annotations to the JSON type language, collecting every TypedDict it meets."""

    def __init__(self) -> None:
        self.objects: dict[str, dict] = {}
        self.owner: dict[str, type] = {}

    def name_of(self, cls: type) -> str:
        name = cls.__name__
        if self.owner.get(name, cls) is not cls:  # two SDK classes with one name: keep both
            name = f"{cls.__module__.rsplit('.', 1)[-1]}.{name}"
        return name

    def root(self, union: object, name: str) -> str:
        """One object for a Union of request TypedDicts (streaming / non-streaming): the fields of
        all, and where they differ (stream: Literal[False] / Literal[True]) the values of all."""
        fields: dict = {}
        for cls in typing.get_args(union):
            for field, entry in self.fields(cls).items():
                old = fields.setdefault(field, entry)
                if old is not entry and old["type"] != entry["type"]:
                    old["type"] = {"enum": sorted(dict.fromkeys(old["type"]["enum"] + entry["type"]["enum"]), key=str)} \
                        if "enum" in old["type"] and "enum" in entry["type"] else {"union": [old["type"], entry["type"]]}
        self.objects[name] = {"fields": fields}
        return name

    def object(self, cls: type) -> str:
        name = self.name_of(cls)
        if name in self.owner:
            return name
        self.owner[name] = cls
        self.objects[name] = {}  # placeholder: recursive types refer to themselves
        fields = self.fields(cls)
        obj: dict = {"fields": fields}
        tag = fields.get("type", {}).get("type")
        if isinstance(tag, dict) and len(tag.get("enum", ())) == 1 and not tag.get("open"):
            obj["tag"] = tag["enum"][0]
        self.objects[name] = obj
        return name

    def fields(self, cls: type) -> dict:
        hints = typing.get_type_hints(cls, include_extras=True)
        docs = _field_docs(cls)
        fields = {}
        for field, annotation in hints.items():
            required, bare = _required(cls, field, annotation)
            nullable, bare = _strip_optional(bare)
            entry: dict = {"type": self.type(bare)}
            if required:
                entry["required"] = True
            if nullable:
                entry["nullable"] = True
            if docs.get(field):
                entry["doc"] = docs[field]
            fields[field] = entry
        return fields

    def type(self, t: object) -> object:
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is typing.Annotated:
            return self.type(args[0])
        if t in _SCALARS:
            return _SCALARS[t]
        if t is type(None):
            return "null"
        if _is_typeddict(t):
            return {"ref": self.object(t)}
        if origin is typing.Literal:
            # Sorted: typing caches Literal["a", "b"] and Literal["b", "a"] as one object, so the
            # order get_args returns depends on which the process built first (not reproducible).
            return {"enum": sorted(args, key=str)}
        if origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            converted = []
            for a in members:
                c = self.type(a)
                if c not in converted:
                    converted.append(c)
            if len(converted) > 1 and "any" in converted:
                # The SDK also accepts its own response models (pydantic classes) where a block
                # param goes: a convenience of the client, nothing the JSON body can show.
                converted.remove("any")
            enums = [v for c in converted if isinstance(c, dict) and "enum" in c for v in c["enum"]]
            rest = [c for c in converted if not (isinstance(c, dict) and "enum" in c)]
            enums = sorted(dict.fromkeys(enums), key=str)
            if enums and rest == ["string"]:  # Literal[...] | str: known values, others allowed
                return {"enum": enums, "open": True}
            if enums and not rest:
                return {"enum": enums}
            if enums:
                rest.append({"enum": enums})
            flat = [m for r in rest for m in (r["union"] if isinstance(r, dict) and "union" in r else [r])]
            return flat[0] if len(flat) == 1 else {"union": flat}
        if origin in _ARRAYS or (isinstance(t, type) and t.__name__ == "SequenceNotStr") or \
                getattr(origin, "__name__", "") == "SequenceNotStr":
            return {"array": self.type(args[0]) if args else "any"}
        if origin in _MAPS or t in _MAPS:
            return {"map": self.type(args[1]) if len(args) == 2 else "any"}
        if isinstance(t, type) and issubclass(t, os.PathLike | bytes):
            return "string"
        if isinstance(t, typing.TypeVar):
            return "any"
        return "any"  # a file handle, a pydantic model class: nothing the JSON body can check


def _required(cls: type, field: str, annotation: object) -> tuple[bool, object]:
    origin = typing.get_origin(annotation)
    from typing_extensions import NotRequired, Required
    if origin in (Required, typing.Required):
        return True, typing.get_args(annotation)[0]
    if origin in (NotRequired, typing.NotRequired):
        return False, typing.get_args(annotation)[0]
    return field in cls.__required_keys__, annotation


def _strip_optional(t: object) -> tuple[bool, object]:
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in typing.get_args(t):
        rest = tuple(a for a in typing.get_args(t) if a is not type(None))
        return True, (rest[0] if len(rest) == 1 else typing.Union[rest])
    return False, t


def _field_docs(cls: type) -> dict[str, str]:
    """The first sentence of each field's docstring (the string literal under it in the source)."""
    docs: dict[str, str] = {}
    for klass in _typeddict_bases(cls):
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for node, after in zip(body, body[1:] + [None]):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and \
                    isinstance(after, ast.Expr) and isinstance(getattr(after, "value", None), ast.Constant) \
                    and isinstance(after.value.value, str):
                docs[node.target.id] = _first_sentence(after.value.value)
    return docs


def _typeddict_bases(cls: type) -> list[type]:
    """cls and the TypedDicts it extends, bases first (a TypedDict's __mro__ does not list them)."""
    out: list[type] = []
    for base in getattr(cls, "__orig_bases__", ()):
        if _is_typeddict(base):
            out += [b for b in _typeddict_bases(base) if b not in out]
    return out + [cls]


def _first_sentence(doc: str) -> str:
    text = " ".join(doc.split())
    for end in (". ", ".\n"):
        if end in text:
            text = text[: text.index(end) + 1]
            break
    return text if len(text) <= DOC_LIMIT else text[: DOC_LIMIT - 1] + "…"


def generate() -> dict:
    import importlib
    import importlib.metadata
    walker = Walker()
    roots = {}
    for key, (module, union, name) in ROOTS.items():
        roots[key] = walker.root(getattr(importlib.import_module(module), union), name)
    return {
        "generated": "by python -m knowledge.generate_request_schema: do not edit",
        "sdk": "anthropic",
        "sdk_version": importlib.metadata.version("anthropic"),
        "roots": roots,
        "objects": dict(sorted(walker.objects.items())),
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render(generate())
    if "--check" in argv:
        try:
            with open(OUT, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = ""
        if current != text:
            print(f"{OUT} is out of date: run python -m knowledge.generate_request_schema", file=sys.stderr)
            return 1
        return 0
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    data = json.loads(text)
    print(f"wrote {OUT}: {len(data['objects'])} object types from anthropic {data['sdk_version']}, "
          f"{len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
