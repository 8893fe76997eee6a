"""Lint results → SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, IDEs) read.

The driver lists the rules the results use (with their help text and docs page); each finding is a
result pointing at the input file, at the line and column of its JSON path when the body is in the
file verbatim, and at the JSON path itself as a logical location.
"""

from __future__ import annotations

import os

from knowledge import KnowledgeBase

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif(result, kb: KnowledgeBase, version: str) -> dict:
    rules = [kb.lint_rules[i] for i in sorted({f.rule for f in result.findings})]
    index = {r.id: i for i, r in enumerate(rules)}
    lines = _lines(result)
    uri = _uri(result.filename)
    results = []
    for f in result.findings:
        line, col = result.error_position if f.rule == "CT108" and result.error_position else \
            lines.get(f.path, (1, 1))
        location = {"physicalLocation": {"artifactLocation": {"uri": uri},
                                         "region": {"startLine": line, "startColumn": col}}}
        if f.path:
            location["logicalLocations"] = [{"fullyQualifiedName": f.path, "kind": "member"}]
        results.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
                        "message": {"text": f"{f.message} Fix: {f.fix}"}, "locations": [location]})
    driver = {
        "name": "claude-triage", "version": version,
        "rules": [{"id": r.id, "name": r.name, "shortDescription": {"text": r.summary},
                   "help": {"text": r.fix}, "helpUri": r.docs_url,
                   "defaultConfiguration": {"level": _LEVEL[r.severity]},
                   "properties": {"explains": list(r.causes)}} for r in rules],
    }
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def _uri(filename: str | None) -> str:
    """A URI reference for the file: relative as given, absolute as file:///…, percent-encoded
    (by hand: urllib and pathlib would add milliseconds to every run for one line of work)."""
    if not filename:
        return "stdin"
    path = filename.replace(os.sep, "/")
    encoded = "".join(c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode()) for c in path)
    if os.path.isabs(filename):
        return "file://" + (encoded if encoded.startswith("/") else "/" + encoded)
    return encoded


def _lines(result) -> dict[str, tuple[int, int]]:
    paths = sorted({f.path for f in result.findings})
    if result.body_offset is None or result.request is None or not result.findings:
        return {}
    from ..lint.locate import locate
    return locate(result.text, result.body_offset, paths)
