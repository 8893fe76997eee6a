"""The drift check: what the newest client releases on the registry changed, and what this reader
no longer reads.

    python tests/genuine/drift.py                  # needs PyPI and npm; ~2-3 minutes
    python tests/genuine/drift.py --stored python-anthropic 2.14.0 2.17.0   # offline, stored sets

Installs the newest `anthropic`, `@anthropic-ai/sdk` and `@anthropic-ai/claude-code` in a temp
folder, makes their genuine error text against the loopback fake (make_fixtures.py), and compares
each with the newest stored fixture set of the same client (tests/fixtures/genuine/): wording
changed, fields the text no longer shows, fields the reader does not read, and for the Python SDK
the exception classes, (status, error_code) pairs, APIStatusError attributes, transport and retry
rules added, removed or changed (facts.json). Exit status 1 when anything changed or is not read.
Not part of the test run (it needs the registry); tests/test_genuine_fixtures.py tests the
comparisons offline.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (str(HERE), str(HERE.parent), str(HERE.parent.parent)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from cases import api_messages  # noqa: E402
from compare import FixtureSet, report, stored_sets  # noqa: E402
from make_fixtures import FIXTURES, generate  # noqa: E402

CLIENTS = ("python-anthropic", "ts-sdk", "claude-code")
WORDING_FORMS = {"python-anthropic": ("str",), "ts-sdk": ("string",), "claude-code": ("output",)}


def _diagnose(text: str):
    from tui import diagnose
    return diagnose(text, env={})


def compare_sets(old: FixtureSet, new: FixtureSet) -> tuple[list[str], bool]:
    return report(old, new, _diagnose, api_messages(), WORDING_FORMS.get(new.client))


def run_registry(baseline: Path, work: Path) -> tuple[list[str], bool]:
    out = work / "fixtures"
    generate({c: ["latest"] for c in CLIENTS}, out, work / "installs")
    lines, drift = [], False
    for client in CLIENTS:
        new = FixtureSet.load(stored_sets(out, client)[-1])
        stored = stored_sets(baseline, client)
        if not stored:
            lines.append(f"== {client}: nothing stored to compare {new.version} with")
            continue
        section, moved = compare_sets(FixtureSet.load(stored[-1]), new)
        drift |= moved
        lines += section + [""]
    return lines, drift


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stored", nargs=3, metavar=("CLIENT", "OLD", "NEW"),
                    help="compare two stored fixture sets instead (offline)")
    ap.add_argument("--baseline", type=Path, default=FIXTURES, help="the stored fixtures")
    ap.add_argument("--work", type=Path, help="keep the installs and the new text here")
    args = ap.parse_args(argv)
    if args.stored:
        client, old, new = args.stored
        lines, drift = compare_sets(FixtureSet.load(args.baseline / client / old),
                                    FixtureSet.load(args.baseline / client / new))
        print("\n".join(lines))
        return 1 if drift else 0
    work = args.work or Path(tempfile.mkdtemp(prefix="genuine-drift-"))
    try:
        lines, drift = run_registry(args.baseline, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    print("drift: " + ("yes, see above" if drift else "none"))
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())
