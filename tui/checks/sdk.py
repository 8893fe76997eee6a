"""Step 3: the installed SDK against the version facts in knowledge/data/sdk_versions.toml.

Only the Python SDK can be seen from here (importlib.metadata, in the interpreter that runs
claude-triage); the detail says so, because the user's program may run in another environment.
"""

from __future__ import annotations

import os
import re
import sys

from knowledge import KnowledgeBase
from knowledge.model import SdkVersion

from .result import CheckResult

PYTHON_PACKAGE = "anthropic"


def installed_version(package: str) -> str | None:
    """The installed version, from the `<name>-<version>.dist-info` folder on sys.path.

    importlib.metadata answers the same but costs ~30 ms to import on every `claude-triage check`;
    a directory listing per path entry is enough for wheel installs, and anything else (eggs,
    odd layouts) falls back to it."""
    prefix = package.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix):-len(".dist-info")]
    import importlib.metadata
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def release(version: str) -> tuple[int, int, int, int]:
    """'2.14.0' → (2, 14, 0, 0). A suffix such as 'rc1' or '.dev3' ends the comparison there."""
    out: list[int] = []
    for part in version.strip().lstrip("v").split(".")[:4]:
        digits = re.match(r"\d+", part)
        if not digits:
            break
        out.append(int(digits.group()))
        if digits.end() != len(part):
            break
    return tuple((out + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def lacks(installed: str, fact: SdkVersion) -> bool:
    return release(installed) < release(fact.since)


def facts(kb: KnowledgeBase, package: str) -> list[SdkVersion]:
    return sorted((f for f in kb.sdk_versions if f.package == package), key=lambda f: release(f.since))


def has_behaviour(kb: KnowledgeBase, cause_id: str, version: str | None) -> str | None:
    """`version` (the Python SDK's) if it has the behaviour linked to `cause_id`, else None."""
    fact = next((f for f in facts(kb, PYTHON_PACKAGE) if f.cause == cause_id), None)
    if version is None or fact is None or lacks(version, fact):
        return None
    return version


def python_sdk_checks(kb: KnowledgeBase, version: str | None) -> list[CheckResult]:
    """`version`: the installed anthropic release (None: not installed)."""
    where = f"the Python that runs claude-triage ({sys.executable})"
    if version is None:
        return [CheckResult("sdk.anthropic", "Python SDK (anthropic)", "info",
                            f"anthropic is not installed in {where}. If your program is in Python, run "
                            "`pip show anthropic` in its own environment.", "client.sdk-not-installed", "sdk")]
    missing = [f for f in facts(kb, PYTHON_PACKAGE) if lacks(version, f)]
    worst = "warn" if any(f.severity == "warn" for f in missing) else "pass"
    summary = (f"anthropic {version} is installed in {where}; your program may use another environment. "
               + (f"It predates {len(missing)} change(s) listed below." if missing
                  else "It has every behaviour the checks know about."))
    results = [CheckResult("sdk.anthropic", "Python SDK (anthropic)", worst, summary,
                           "client.sdk-too-old" if worst == "warn" else "", "sdk")]
    for f in missing:
        results.append(CheckResult(f"sdk.anthropic.{f.since}", f"anthropic {version} is older than {f.since}",
                                   f.severity, f"{f.since} added {f.feature}. {f.before}",
                                   f.cause or "client.sdk-too-old", "sdk"))
    return results
