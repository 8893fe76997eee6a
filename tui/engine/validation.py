"""Explain the API's request-validation messages from its own schema (docs/schema-400.md).

A 400 that no specific cause recognises usually still says exactly what is wrong, in the grammar
of the API's validator: `<path>: <complaint>`, e.g.

    messages.0.content.1.image_url: Extra inputs are not permitted
    tools.0: Input tag 'function' found using 'type' does not match any of the expected tags: 'custom', ...
    tools.18.custom.name: String should have at most 128 characters

parse() reads those into Violations; explain() resolves each path against the request schema
generated from the pinned SDK (knowledge/data/generated/request_schema.json) and against the
request in the paste, and says what the API expects there and the likely fix: the nearest valid
field, value or tag, or the Anthropic shape of an OpenAI-shaped field, block or role (those maps
are the linter's data: lint_rules.toml CT701, CT702, CT703, CT203).

Pure: no Textual, no httpx; the schema is read only when a message has the grammar.
"""

from __future__ import annotations

import re

from knowledge import KnowledgeBase
from knowledge.record import Record

from ..lazyre import lazy

# --- the grammar ------------------------------------------------------------------------------

_SEGMENT = r"(?:[A-Za-z_$][\w$-]*|\d+)"
_PATH = rf"{_SEGMENT}(?:(?:\.{_SEGMENT})|\[\d+\])*"
_QUOTED = r"'((?:[^'\\]|\\.)*)'"

# (kind, complaint pattern). Order matters only where one pattern is a prefix of another.
COMPLAINTS: tuple[tuple[str, str], ...] = (
    ("missing", r"Field required"),
    ("extra", r"Extra inputs are not permitted|Additional input is not allowed|Extra inputs are not allowed"),
    ("tag", rf"Input tag {_QUOTED} found using '?(\w+)'? does not match any of the expected tags(?::\s*(.+?))?\.?$"),
    ("no_tag", r"Unable to extract tag using discriminator '?(\w+)'?"),
    ("enum", r"Input should be ('.+')$"),
    ("type", r"Input should be (?:a )?valid (\w+)"),
    ("type", r"Input should be an? (object|array|string|integer|number|boolean|dictionary|list)\b"),
    ("max_length", r"String should have at most (\d+) characters?"),
    ("min_length", r"String should have at least (\d+) characters?"),
    ("max_items", r"List should have at most (\d+) items?"),
    ("min_items", r"List should have at least (\d+) items?"),
    ("le", r"Input should be less than or equal to (-?[\d.]+)"),
    ("lt", r"Input should be less than (-?[\d.]+)"),
    ("ge", r"Input should be greater than or equal to (-?[\d.]+)"),
    ("gt", r"Input should be greater than (-?[\d.]+)"),
    ("pattern", rf"String should match pattern {_QUOTED}"),
    ("unexpected", r"Unexpected value"),
    ("orphan_tool_result", r"unexpected `?tool_use_id`? found in `?(\w+)`? blocks"),
)
_COMPILED = tuple((kind, lazy(p, re.IGNORECASE)) for kind, p in COMPLAINTS)  # compiled when first tried
# One cheap test before any work: the paste has one of the complaint phrases at all.
QUICK = lazy(r"Field required|Extra inputs are not|Additional input is not|Input tag '|Unable to extract tag"
             r"|Input should be|(?:String|List) should have at|String should match pattern|Unexpected value"
             r"|unexpected `?tool_use_id`? found", re.IGNORECASE)
_ENTRY = lazy(rf"(?<![\w.$])({_PATH})\s*:\s+(?=\S)")
_SEPARATORS = lazy(r"\n|;\s|\s&\s")  # the pieces are stripped in code: a regex that ate the blanks around
                                       # a separator would retry them from each position
_REVERSED = lazy(rf"([A-Z][^:\n]{{4,200}}?):\s+({_PATH})\s*$")
_PREFIXES = ("body", "input", "request", "params")  # what frameworks put before the request's own path
_TYPE_WORDS = {"dictionary": "object", "dict": "object", "mapping": "object", "list": "array", "array": "array",
               "string": "string", "str": "string", "integer": "integer", "int": "integer", "number": "number",
               "float": "number", "boolean": "boolean", "bool": "boolean", "object": "object"}


class Violation(Record):
    """One `<path>: <complaint>` of a validation message."""

    path: tuple = ()            # ("messages", 0, "content", 1, "image_url")
    raw_path: str = ""          # as the API wrote it
    kind: str = ""              # a COMPLAINTS kind
    complaint: str = ""         # the complaint's text
    found: str | None = None    # the tag that did not match ("image_url")
    expected: tuple = ()        # allowed values or tags the message lists
    limit: str | None = None    # the number in a length or range complaint, or the pattern


def parse(message: str | None) -> list[Violation]:
    """Every `<path>: <complaint>` in a message, in order; [] when it has none of the grammar.

    Several errors may come in one message (joined by newlines, '; ' or ' & '); frameworks may
    also write the complaint first ('Input should be a valid string: input.messages.0.content').
    """
    if not message or not QUICK.search(message):
        return []
    out: list[Violation] = []
    for chunk in _SEPARATORS.split(message[:20000]):
        chunk = chunk.strip()
        for m in _ENTRY.finditer(chunk):  # the first `<path>: ` whose rest is a complaint
            v = _violation(m.group(1), chunk[m.end():])
            if v is not None:
                out.append(v)
                break
        else:  # the complaint-first form
            m = _REVERSED.search(chunk)
            v = _violation(m.group(2), m.group(1)) if m else None
            if v is not None:
                out.append(v)
    return out


def _violation(raw_path: str, complaint: str) -> Violation | None:
    complaint = " ".join(complaint.split()).rstrip('"}\\ ')
    for kind, rx in _COMPILED:
        m = rx.match(complaint)
        if m is None:
            continue
        found, expected, limit = None, (), None
        if kind == "tag":
            found, expected = m.group(1), tuple(re.findall(_QUOTED, m.group(3) or ""))
        elif kind == "enum":
            expected = tuple(re.findall(_QUOTED, m.group(1)))
        elif kind == "type":
            expected = (_TYPE_WORDS.get(m.group(1).lower(), m.group(1).lower()),)
        elif kind == "orphan_tool_result":
            found = m.group(1)
        elif kind not in ("missing", "extra", "unexpected", "no_tag"):
            limit = m.group(1)
        return Violation(path=_split_path(raw_path), raw_path=raw_path, kind=kind, complaint=complaint,
                         found=found, expected=expected, limit=limit)
    return None


def _split_path(raw: str) -> tuple:
    parts: list = []
    for seg in re.findall(r"[^.\[\]]+", raw):
        parts.append(int(seg) if seg.isdigit() else seg)
    while len(parts) > 1 and parts[0] in _PREFIXES:
        parts.pop(0)
    return tuple(parts)


def shown_path(path: tuple) -> str:
    """("messages", 0, "content", 1) → messages[0].content[1] (the linter's way of writing paths)."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out or "(the request body)"


# --- the schema -------------------------------------------------------------------------------

class Schema:
    """The generated request schema: object types by name, each with its fields and `type` tag."""

    def __init__(self, data: dict) -> None:
        self.objects: dict[str, dict] = data["objects"]
        self.roots: dict[str, str] = data["roots"]
        self.version = f"{data.get('sdk', 'anthropic')} {data.get('sdk_version', '?')}"

    def members(self, t: object) -> list:
        """A type with its unions flattened (refs kept as {"ref": name})."""
        if isinstance(t, dict) and "union" in t:
            return [m for u in t["union"] for m in self.members(u)]
        return [t]

    def objects_in(self, t: object) -> list[str]:
        return [m["ref"] for m in self.members(t) if isinstance(m, dict) and "ref" in m]

    def tag(self, name: str) -> str | None:
        return self.objects.get(name, {}).get("tag")

    def describe(self, t: object, depth: int = 0) -> str:
        """A short human description of a type: 'a string', 'one of 'auto', 'any'', 'a list of …'."""
        if isinstance(t, str):
            return {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
                    "any": "any value", "null": "null"}.get(t, t)
        if "enum" in t:
            values = ", ".join(repr(v) for v in t["enum"][:12]) + (", …" if len(t["enum"]) > 12 else "")
            return f"one of {values}" + (" (or another string)" if t.get("open") else "")
        if "array" in t:
            inner = self.describe(t["array"], depth + 1)
            return "a list" if depth > 1 else "a list of " + inner.replace("an object whose type is", "objects whose type is")
        if "map" in t:
            return "an object (a map)"
        if "ref" in t:
            tag = self.tag(t["ref"])
            return f"a `{tag}` object" if tag else "an object"
        if "union" in t:
            parts = self.members(t)
            tags = [tag for m in parts if isinstance(m, dict) and "ref" in m and (tag := self.tag(m["ref"]))]
            if len(tags) > 1 and all(isinstance(m, dict) and "ref" in m for m in parts):
                return f"an object whose type is one of {_list(tags, 8)}"
            seen: list[str] = []
            for p in parts:
                d = self.describe(p, depth + 1)
                if d not in seen:
                    seen.append(d)
            return " or ".join(seen[:6])
        return "a value"


def _list(names: list[str], limit: int = 14) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def load_schema() -> Schema:
    """The generated schema, read on first use (never at start-up: see knowledge.loader)."""
    from knowledge.loader import request_schema
    return Schema(request_schema())


class Place(Record):
    """Where a path leads in the schema and in the pasted request."""

    parent: list = ()            # object names that can hold the last segment
    field: dict | None = None    # the schema's entry for the last segment, when it exists
    name: object = None          # the last segment (a field name or an index)
    value: object = None         # the request's value there (None: absent or no request)
    has_value: bool = False
    holder: object = None        # the request's object holding the last segment
    holder_path: tuple = ()      # the request path of `holder`, tags removed
    type: object = None          # the schema type at the path (when resolved)
    stopped: bool = False        # a segment along the way is unknown to the schema


def locate(schema: Schema, root: str, path: tuple, request: dict | None) -> Place:
    """Walk `path` through the schema (and the request alongside), as the API's validator did.

    A segment after a union position may name the union member the validator tried (a block's
    tag: `messages.1.content.0.tool_use.input`, `tools.3.custom.name`, or an internal class
    name); it selects that member and does not step into the request.
    """
    t: object = {"ref": schema.roots[root]}
    node: object = request
    has = request is not None
    req_path: list = []
    parent: list = []
    holder: object = None
    holder_path: tuple = ()
    field: dict | None = None
    for i, seg in enumerate(path):
        last = i == len(path) - 1
        if isinstance(seg, int):
            arrays = [m for m in schema.members(t) if isinstance(m, dict) and "array" in m]
            holder, holder_path = node, tuple(req_path)
            node, has = _step(node, seg, has)
            req_path.append(seg)
            parent, field = [], None
            if not arrays:
                return Place(name=seg, value=node, has_value=has, holder=holder, holder_path=holder_path,
                             stopped=True)
            t = {"union": [a["array"] for a in arrays]} if len(arrays) > 1 else arrays[0]["array"]
            continue
        names = _narrow(schema, schema.objects_in(t), node)
        tagged = [n for n in names if schema.tag(n) == seg or n == seg] if not last else []
        if tagged and len(names) > 1 and not isinstance(path[i + 1], int) and \
                any(path[i + 1] in schema.objects[n].get("fields", {}) for n in tagged):
            t = {"ref": tagged[0]}  # `text.text`, `thinking.signature`: the member's tag, then its field
            continue
        with_field = [n for n in names if seg in schema.objects[n].get("fields", {})]
        if with_field:
            with_field = _narrow(schema, with_field, node)
            parent, field = with_field, schema.objects[with_field[0]]["fields"][seg]
            holder, holder_path = node, tuple(req_path)
            node, has = _step(node, seg, has)
            req_path.append(seg)
            t = field["type"]
            continue
        if tagged:
            t = {"ref": tagged[0]}
            continue
        if not last and seg[:1].isupper() and names:  # a validator-internal class name: skip it
            continue
        holder, holder_path = node, tuple(req_path)
        node, has = _step(node, seg, has)
        return Place(parent=names, field=None, name=seg, value=node, has_value=has, holder=holder,
                     holder_path=holder_path, stopped=not last or not names)
    return Place(parent=parent, field=field, name=path[-1] if path else None, value=node, has_value=has,
                 holder=holder, holder_path=holder_path, type=t)


def _step(node: object, seg: object, has: bool) -> tuple[object, bool]:
    if not has:
        return None, False
    if isinstance(seg, int) and isinstance(node, list) and -len(node) <= seg < len(node):
        return node[seg], True
    if isinstance(seg, str) and isinstance(node, dict) and seg in node:
        return node[seg], True
    return None, False


def _narrow(schema: Schema, names: list[str], node: object) -> list[str]:
    """Of the union members, the one the request's object is (by its `type` tag or its role)."""
    if len(names) <= 1 or not isinstance(node, dict):
        return names
    for key in ("type", "role"):
        value = node.get(key)
        if isinstance(value, str):
            hit = [n for n in names if _fixed(schema, n, key) == value]
            if hit:
                return hit
    return names


def _fixed(schema: Schema, name: str, key: str) -> object:
    t = schema.objects[name].get("fields", {}).get(key, {}).get("type")
    return t["enum"][0] if isinstance(t, dict) and len(t.get("enum", ())) == 1 and not t.get("open") else None


# --- explanations -----------------------------------------------------------------------------

class Explanation(Record):
    violation: Violation
    where: str                   # messages[0].content[1].image_url
    evidence: str                # one sentence: what the API expects there, what the request has
    fix: str | None = None       # the likely change, when one can be named


def explain(message: str | None, request: dict | None, kb: KnowledgeBase,
            schema: Schema | None = None) -> list[Explanation]:
    """An explanation for every violation in the message that the schema can say something about."""
    violations = parse(message)
    if not violations:
        return []
    schema = schema or load_schema()
    out = []
    for v in violations[:5]:
        e = _explain(v, request if isinstance(request, dict) else None, kb, schema)
        if e is not None:
            out.append(e)
    return out


def _explain(v: Violation, request: dict | None, kb: KnowledgeBase, schema: Schema) -> Explanation | None:
    place = locate(schema, "messages", v.path, request)
    where = shown_path(_request_path(v.path, place))
    yours = _yours(place, request)
    handler = _HANDLERS.get(v.kind)
    if handler is None:
        return None
    said = handler(v, place, schema, kb, request)
    if said is None:
        return None
    evidence, fix = said
    return Explanation(violation=v, where=where, evidence=f"{where}: {evidence}{yours}", fix=fix)


def _request_path(path: tuple, place: Place) -> tuple:
    """The violation's path with the validator's union-member segments taken out."""
    if place.stopped or not place.holder_path and not place.has_value:
        return path
    return (*place.holder_path, place.name) if place.name is not None else path


def _yours(place: Place, request: dict | None) -> str:
    """' (in your request it is your `image_url` block)' when the paste has the request."""
    if request is None:
        return ""
    value, holder = place.value if place.has_value else None, place.holder
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        return f" (in your request it is your `{value['type']}` block)"
    if isinstance(value, dict) and isinstance(value.get("role"), str):
        return f" (in your request it is a {value['role']} message)"
    if isinstance(holder, dict) and isinstance(holder.get("type"), str):
        return f" (in your request: the `{holder['type']}` block at {shown_path(place.holder_path)})"
    if isinstance(holder, dict) and isinstance(holder.get("role"), str):
        return f" (in your request: the {holder['role']} message {shown_path(place.holder_path)})"
    return ""


def _what(place: Place, schema: Schema) -> str:
    """'a `tool_use` block', 'the request body', 'a tool definition', 'the `ephemeral` object'."""
    tags = sorted({schema.tag(n) for n in place.parent if schema.tag(n)})
    container = place.holder_path[-2] if len(place.holder_path) >= 2 and isinstance(place.holder_path[-1], int) \
        else None
    if place.parent and place.parent[0] in schema.roots.values():
        return "the request body"
    if len(tags) == 1:
        if container in ("content", "system"):
            return f"a `{tags[0]}` block"
        return f"a `{tags[0]}` tool definition" if container == "tools" else f"the `{tags[0]}` object"
    if container == "messages":
        return "a message"
    if len(place.parent) == 1:
        return _object_name(place.parent[0])
    return "any of the object types accepted here"


def _object_name(name: str) -> str:
    base = re.sub(r"(Param|Params)$", "", name.split(".")[-1])
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", base).lower()
    return f"a {words}" if words else "this object"


def _fields(place: Place, schema: Schema) -> list[str]:
    seen: dict[str, None] = {}
    for n in place.parent:
        for f in schema.objects[n].get("fields", {}):
            seen.setdefault(f, None)
    return list(seen)


def _near(word: str, options: list[str], cutoff: float = 0.6) -> str | None:
    import difflib  # only when there is something to suggest: its import is not free
    near = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if near:
        return near[0]
    lower = word.lower().replace("-", "_")
    return next((o for o in options if o.lower() == lower), None)


def _param(kb: KnowledgeBase, rule: str, key: str) -> dict:
    r = kb.lint_rules.get(rule)
    value = r.params.get(key) if r else None
    return value if isinstance(value, dict) else {}


def _extra(v, place, schema, kb, request):
    name = str(place.name)
    fields = _fields(place, schema)
    if not fields:
        return None
    what = _what(place, schema)
    tags = sorted({schema.tag(n) for n in place.parent if schema.tag(n)})
    if place.field is not None:  # the schema has it there: the endpoint or model in between does not
        return (f"`{name}` is a field of {what} in the API's schema ({schema.version}), yet this endpoint "
                "refused it",
                f"The service that answered (a proxy, Amazon Bedrock, Google Vertex AI, an older API version, "
                f"or the model) does not take `{name}` here: drop it for that route, or call the Anthropic "
                "API directly.")
    if len(place.parent) > 1 and len(tags) > 1:  # the object's type was not known: no single field list
        said = f"`{name}` is not a field of any object type accepted here (types {_list(tags, 8)})"
    else:
        said = f"`{name}` is not a field of {what}; it takes {_list(fields)}"
    at_root = bool(place.parent) and place.parent[0] in schema.roots.values()
    at_message = len(place.holder_path) == 2 and place.holder_path[0] == "messages"
    foreign = _param(kb, "CT701", "fields" if at_root else "message_fields") if at_root or at_message else {}
    blocks = _param(kb, "CT703", "blocks")
    if name in foreign:
        use = foreign[name]
        return said, (f"Replace `{name}` with {use}." if use else
                      f"Remove `{name}`: it comes from OpenAI's API and the Messages API has no equivalent.")
    if name in blocks:
        return said, f"This is an OpenAI-shaped `{name}` block: write it as {blocks[name]}."
    if name == "extra_body":
        return said, ("`extra_body` is an SDK option, not a body field: pass its contents as keyword arguments "
                      "or let the SDK merge it (it must not reach the JSON as a key).")
    beta = locate(schema, "beta", v.path, None)
    if beta.field is not None:
        return said, (f"`{name}` exists only in the beta Messages API ({schema.version}): call it through "
                      "client.beta.messages with the anthropic-beta header the feature needs, or drop it.")
    near = _near(name, fields)
    if near:
        return said, f"Did you mean `{near}`? Rename `{name}` to `{near}`."
    at = f" at {shown_path(place.holder_path)}" if place.holder_path else ""
    return said, f"Remove `{name}` from {what}{at}."


def _missing(v, place, schema, kb, request):
    if place.field is None:
        return None
    name = str(place.name)
    doc = place.field.get("doc")
    said = f"`{name}` is required on {_what(place, schema)}: {schema.describe(place.field['type'])}"
    said += f" ({doc.rstrip('.')})" if doc else ""
    holder = place.holder
    if isinstance(holder, dict):
        near = _near(name, [k for k in holder if isinstance(k, str)])
        if near and near != name:
            return said, f"Your object has `{near}`: rename it to `{name}`."
    return said, f"Add `{name}` ({schema.describe(place.field['type'])})."


def _type(v, place, schema, kb, request):
    t = place.type if place.field is not None or place.type is not None else None
    expects = schema.describe(t) if t is not None else f"a valid {v.expected[0] if v.expected else 'value'}"
    said = f"the API expects {expects}"
    got = _kind_of(place.value) if place.has_value else None
    if got:
        said += f"; your request has {got}"
    fix = None
    if place.has_value and place.value is None:
        fix = f"`{place.name}` is null: send {expects} or leave the field out when it is optional."
    elif got and v.expected and v.expected[0] == "object" and isinstance(place.value, str):
        fix = f"`{place.name}` is a string holding JSON: send the parsed object, not its text."
    elif got:
        fix = f"Send {expects} at {shown_path(_request_path(v.path, place))}, not {got}."
    elif place.name == "input" and v.expected == ("object",):
        fix = "Send the tool's arguments as a JSON object ({} when there are none), not as a string or a list."
    else:
        fix = f"Check what your code puts at {shown_path(_request_path(v.path, place))}: it must be {expects}."
    return said, fix


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"a string ({value[:40]!r}{'…' if len(value) > 40 else ''})"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object" + (f" of type '{value['type']}'" if isinstance(value.get("type"), str) else "")
    return type(value).__name__


def _enum(v, place, schema, kb, request):
    allowed = list(v.expected)
    if place.type is not None:
        from_schema = [str(e) for m in schema.members(place.type) if isinstance(m, dict) for e in m.get("enum", ())]
        allowed = allowed or from_schema
    said = f"accepts only {_list(allowed)}"
    value = place.value if place.has_value else None
    if isinstance(value, str):
        said += f"; your request has {value!r}"
        if place.name == "role":
            hint = _param(kb, "CT203", "foreign").get(value)
            if hint:
                return said, f"Role '{value}' is OpenAI's: {hint}."
        near = _near(value, allowed, cutoff=0.5)
        if near:
            return said, f"Use {near!r} instead of {value!r}."
    return said, f"Use one of {_list(allowed)}."


def _tag(v, place, schema, kb, request):
    found = v.found or ""
    tags = list(v.expected) or _tags_at(place, schema)
    if not tags:
        return None
    said = f"type '{found}' is not one of the types accepted here: {_list(tags)}"
    blocks = _param(kb, "CT703", "blocks")
    if found in blocks:
        return said, f"'{found}' is an OpenAI content block: write it as {blocks[found]}."
    if found == "function" and v.path[:1] == ("tools",):
        rule = kb.lint_rules.get("CT702")
        return said, rule.fix if rule else "Write the tool as {name, description, input_schema}."
    beta_tags = _tags_at(locate(schema, "beta", v.path, None), schema)
    if found in beta_tags:
        return said, (f"'{found}' exists only in the beta Messages API ({schema.version}): call it through "
                      "client.beta.messages with the anthropic-beta header it needs.")
    near = _near(found, tags, cutoff=0.5)
    if near:
        return said, f"Did you mean '{near}'? Set \"type\": \"{near}\"."
    return said, f"Use one of the accepted types ({_list(tags, 6)}), or remove the object."


def _tags_at(place: Place, schema: Schema) -> list[str]:
    """The tags a union position takes: the path names the union (`tools.0`) or its `type` field."""
    names = place.parent if place.name == "type" else \
        (schema.objects_in(place.type) if place.type is not None else [])
    return list(dict.fromkeys(tag for n in names if (tag := schema.tag(n))))


def _no_tag(v, place, schema, kb, request):
    tags = _tags_at(place, schema)
    if not tags:
        return None
    return (f"the object has no usable `type`; the API needs one of {_list(tags)}",
            "Add \"type\" to the object, e.g. \"type\": \"" + tags[0] + "\".")


def _length(v, place, schema, kb, request):
    unit = "characters" if v.kind.endswith("length") else "items"
    bound = "at most" if v.kind.startswith("max") else "at least"
    said = f"must have {bound} {v.limit} {unit}"
    value = place.value if place.has_value else None
    if isinstance(value, str | list):
        said += f"; yours has {len(value)}"
    if v.kind == "max_length" and place.name == "name" and v.path[:1] == ("tools",):
        return said, f"Shorten the tool name to {v.limit} characters or fewer (MCP clients prefix server names)."
    if v.kind == "min_items":
        return said, "Give it at least one element, or leave the field out."
    return said, f"Keep it to {bound} {v.limit} {unit}."


def _range(v, place, schema, kb, request):
    words = {"le": "at most", "lt": "less than", "ge": "at least", "gt": "more than"}[v.kind]
    said = f"must be {words} {v.limit}"
    if place.has_value:
        said += f"; yours is {place.value!r}"
    return said, f"Set `{place.name}` to a value {words} {v.limit}."


def _pattern(v, place, schema, kb, request):
    said = f"must match the pattern {v.limit}"
    value = place.value if place.has_value else None
    if isinstance(value, str):
        bad = sorted({c for c in value if not re.match(r"[A-Za-z0-9_-]", c)})
        said += f"; yours is {value!r}" + (f" (characters {' '.join(repr(c) for c in bad)})" if bad else "")
    return said, f"Change `{place.name}` so that it matches {v.limit}" + \
        (" (replace '.', '/' and spaces by '_' or '-')" if place.name == "name" else "") + "."


def _unexpected(v, place, schema, kb, request):
    if place.field is None and place.type is None:
        return None
    t = place.field["type"] if place.field else place.type
    return f"the value is not one the API accepts; it expects {schema.describe(t)}", None


def _orphan(v, place, schema, kb, request):
    return None  # a conversation-order rule, not the schema's: the knowledge base's causes explain it


_HANDLERS = {"extra": _extra, "missing": _missing, "type": _type, "enum": _enum, "tag": _tag, "no_tag": _no_tag,
             "max_length": _length, "min_length": _length, "max_items": _length, "min_items": _length,
             "le": _range, "lt": _range, "ge": _range, "gt": _range, "pattern": _pattern,
             "unexpected": _unexpected, "orphan_tool_result": _orphan}
