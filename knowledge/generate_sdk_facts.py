"""Write knowledge/data/generated/sdk_facts.toml from the SDK packages themselves.

    python -m knowledge.generate_sdk_facts                    # the installed anthropic + npm's newest TS SDK
    python -m knowledge.generate_sdk_facts --ts-dir DIR       # a TS SDK already unpacked (node_modules/@anthropic-ai/sdk)
    python -m knowledge.generate_sdk_facts --check            # exit 1 when the file is not what the packages say

What it reads:
- Python (the installed `anthropic`): `anthropic._exceptions` (every exported class, its parent,
  its status), `anthropic._error_classes.ERROR_CLASSES` (the (status, error_code) -> class table),
  each code class's docstring and the fields of its `details` model with their docstrings (read
  from the module source with `ast`: pydantic does not keep attribute docstrings).
- TypeScript (`@anthropic-ai/sdk`, installed with npm into a temporary folder unless --ts-dir is
  given): `core/error.js` (status -> class map), `core/error-classes.js` (the "status code" ->
  class map) and every `export declare class X extends Y` in the .d.ts files (the parents).

The hand-written meaning, fix, area and retryability of each code stay in error_codes.toml; the
loader joins the two (see loader.py) and tests/test_sdk_facts.py fails when this file and the
installed SDK disagree. Updating to a new SDK release: install it, run this, run the tests, fill in
what is new. Dev tooling only: nothing at run time imports this module.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "generated" / "sdk_facts.toml"
TS_PACKAGE = "@anthropic-ai/sdk"


# ---------------------------------------------------------------- Python

def _attribute_docs(cls: type) -> dict[str, str]:
    """{field: docstring} of a class body's `name: type` followed by a string (PEP 257 style)."""
    tree = ast.parse(inspect.getsource(sys.modules[cls.__module__]))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            docs, body = {}, node.body
            for stmt, nxt in zip(body, [*body[1:], None]):
                if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                        and isinstance(nxt, ast.Expr) and isinstance(getattr(nxt, "value", None), ast.Constant)
                        and isinstance(nxt.value.value, str)):
                    docs[stmt.target.id] = nxt.value.value
            return docs
    return {}


def _clean(doc: str | None) -> str:
    return " ".join((doc or "").split())


def _type_name(annotation: object) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation).replace("typing.", "")
    return re.sub(r"\b[\w.]+\.(\w+)", r"\1", text)


def python_facts() -> dict:
    import anthropic
    from anthropic import _exceptions
    from anthropic._error_classes import ERROR_CLASSES

    def status_of(cls: type) -> int | None:
        value = getattr(cls, "status_code", None)
        return value if isinstance(value, int) else None

    exported = [getattr(_exceptions, name) for name in _exceptions.__all__]
    aliases: dict[str, list[str]] = {}
    for name in _exceptions.__all__:
        cls = getattr(_exceptions, name)
        if cls.__name__ != name:  # RequestTooLargeError = ContentTooLargeError
            aliases.setdefault(cls.__name__, []).append(name)
    bases = ["AnthropicError", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
             "APIResponseValidationError"]
    classes = {c.__name__: c for c in [*(getattr(_exceptions, b) for b in bases), *exported]}
    exceptions = []
    for name, cls in classes.items():
        exceptions.append({"language": "python", "name": name, "parent": cls.__bases__[0].__name__,
                           "status": status_of(cls), "aliases": sorted(aliases.get(name, [])),
                           "doc": _clean(cls.__doc__) if cls.__doc__ != cls.__bases__[0].__doc__ else ""})
    codes = []
    for (status, code), cls in sorted(ERROR_CLASSES.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if not code:
            continue
        details_model = cls.__annotations__.get("details")
        detail = []
        if isinstance(details_model, type) and hasattr(details_model, "model_fields"):
            docs = _attribute_docs(details_model)
            for key, field in details_model.model_fields.items():
                if key != "error_code":
                    detail.append({"key": key, "type": _type_name(field.annotation),
                                   "required": field.is_required(), "doc": _clean(docs.get(key))})
        codes.append({"status": status, "code": code, "python": cls.__name__,
                      "python_parent": cls.__bases__[0].__name__, "doc": _clean(cls.__doc__), "detail": detail})
    status_map = {str(s): cls.__name__ for (s, code), cls in ERROR_CLASSES.items() if not code}
    return {"version": anthropic.__version__, "exceptions": exceptions, "codes": codes, "status_map": status_map}


# ---------------------------------------------------------------- TypeScript

def npm_install(version: str, into: str) -> Path:
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", into,
                    f"{TS_PACKAGE}@{version}"], check=True)
    return Path(into) / "node_modules" / TS_PACKAGE


def typescript_facts(root: Path) -> dict:
    version = json.loads((root / "package.json").read_text())["version"]
    error_js = (root / "core" / "error.js").read_text()
    status_block = error_js[error_js.index("STATUS_ERROR_CLASSES = "):]
    status_map = {s: c for s, c in re.findall(r"\[(\d+),\s*(\w+)\]", status_block[:status_block.index("]);")])}
    code_js = (root / "core" / "error-classes.js").read_text()
    code_map = {(int(s), code): cls for s, code, cls in re.findall(r"\['(\d+) (\w+)',\s*[\w$]+\.(\w+)\]", code_js)}
    parents: dict[str, str] = {}
    statuses: dict[str, int] = {}
    for path in sorted(root.rglob("*.d.ts")):
        if "node_modules" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for name, parent, generic in re.findall(r"export declare class (\w+) extends (\w+)(<[^{]*>)?\s*\{", text):
            parents.setdefault(name, parent)
            if m := re.match(r"<(\d+)", generic or ""):
                statuses[name] = int(m.group(1))
        for name, status in re.findall(r"export declare class (\w+) extends \w+[^{]*\{\s*readonly status: (\d+);", text):
            statuses[name] = int(status)
    wanted = {"AnthropicError", "APIError", *status_map.values(), *code_map.values()}
    wanted |= {n for n, p in parents.items() if p in {"AnthropicError", "APIError", "APIConnectionError"}}
    exceptions = []
    for name in sorted(wanted, key=lambda n: (n not in status_map.values(), n)):
        if name in code_map.values():
            continue  # code classes: listed with their code
        exceptions.append({"language": "typescript", "name": name, "parent": parents.get(name, "Error"),
                           "status": statuses.get(name), "aliases": [], "doc": ""})
    return {"version": version, "exceptions": exceptions, "status_map": status_map,
            "codes": {key: {"class": cls, "parent": parents.get(cls, "")} for key, cls in code_map.items()}}


# ---------------------------------------------------------------- TOML out

def _s(value: object) -> str:
    """A TOML value: JSON's string escapes are valid TOML basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_s(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def render(py: dict, ts: dict) -> str:
    out = [
        f"# SDK facts generated by `python -m knowledge.generate_sdk_facts` from anthropic {py['version']}"
        f" (Python) and {TS_PACKAGE} {ts['version']} (TypeScript).",
        "# Do not edit: rerun the generator after installing a new SDK release. Hand-written meaning, fix,",
        "# area and retryability of each code live in ../error_codes.toml. `doc` texts are the SDKs' own",
        "# docstrings, kept for reference and for the drift check; they are never shown to users.",
        "",
    ]
    for language, facts, package in (("python", py, "anthropic"), ("typescript", ts, TS_PACKAGE)):
        out += ["[[package]]", f"language = {_s(language)}", f"name = {_s(package)}", f"version = {_s(facts['version'])}",
                "  [package.status_classes]"]
        out += [f"  {_s(status)} = {_s(cls)}" for status, cls in sorted(facts["status_map"].items())]
        out.append("")
    for e in py["exceptions"] + ts["exceptions"]:
        out += ["[[exception]]", f"language = {_s(e['language'])}", f"name = {_s(e['name'])}", f"parent = {_s(e['parent'])}"]
        out += [f"status = {e['status']}"] if e["status"] is not None else []
        out += [f"aliases = {_s(e['aliases'])}"] if e["aliases"] else []
        out += [f"doc = {_s(e['doc'])}"] if e["doc"] else []
        out.append("")
    for c in py["codes"]:
        ts_code = ts["codes"].get((c["status"], c["code"]))
        out += ["[[error_code]]", f"status = {c['status']}", f"code = {_s(c['code'])}", f"doc = {_s(c['doc'])}",
                "  [error_code.classes]", f"  python = {_s(c['python'])}"]
        out += [f"  typescript = {_s(ts_code['class'])}"] if ts_code else []
        out += ["  [error_code.parents]", f"  python = {_s(c['python_parent'])}"]
        out += [f"  typescript = {_s(ts_code['parent'])}"] if ts_code else []
        for d in c["detail"]:
            out += ["  [[error_code.detail]]", f"  key = {_s(d['key'])}", f"  type = {_s(d['type'])}",
                    f"  required = {_s(d['required'])}", f"  doc = {_s(d['doc'])}"]
        out.append("")
    extra = sorted(set(ts["codes"]) - {(c["status"], c["code"]) for c in py["codes"]})
    for status, code in extra:  # codes only the TypeScript SDK knows (none at 2.17 / 1.17)
        t = ts["codes"][(status, code)]
        out += ["[[error_code]]", f"status = {status}", f"code = {_s(code)}", 'doc = ""',
                "  [error_code.classes]", f"  typescript = {_s(t['class'])}",
                "  [error_code.parents]", f"  typescript = {_s(t['parent'])}", ""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m knowledge.generate_sdk_facts", description=__doc__.split("\n\n")[0])
    ap.add_argument("--ts-dir", help="an unpacked @anthropic-ai/sdk (default: npm install into a temp folder)")
    ap.add_argument("--ts-version", default="latest", help="npm version or tag to install (default: latest)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = ap.parse_args(argv)
    py = python_facts()
    with tempfile.TemporaryDirectory(prefix="sdk-facts-") as tmp:
        ts_root = Path(args.ts_dir) if args.ts_dir else npm_install(args.ts_version, tmp)
        ts = typescript_facts(ts_root)
    text = render(py, ts)
    if args.check:
        same = os.path.exists(args.out) and Path(args.out).read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs from the installed SDKs: rerun without --check")
        return 0 if same else 1
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: anthropic {py['version']} ({len(py['codes'])} codes), "
          f"{TS_PACKAGE} {ts['version']} ({len(ts['codes'])} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
