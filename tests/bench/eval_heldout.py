"""Score the diagnosis on a held-out set of real pastes. Run: `python tests/bench/eval_heldout.py [FOLDER]`.

FOLDER (default tests/fixtures/heldout3) holds one item per `*.toml` or `*.json` file, or many per
line of a `*.jsonl` file. An item has `paste`, `expected` (cause ids; `["none-fits"]` when no cause of
the catalogue fits) and optionally `id`, `thread`, `related` (ids that count as the right family),
`proposed`, `status`, `error_type`. Every item goes through `tui.engine.diagnose` with the
environment ignored, and gets a verdict:

  right   the top cause is an expected id
  partly  an expected id ranks 2-3, or the top cause is in `related`, or it shares the expected id's
          family (the part before the first dot) without being a catch-all cause
  wrong   otherwise; `none` when no cause at all was ranked

The totals also count how many items end at the generic 400 cause (no specific rule recognised).
Nothing is asserted: this prints a score, it is not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

GENERIC_400 = "request.invalid-generic"
# Catch-all causes: sharing a family with the expected id says nothing when the top cause is one of these.
CATCH_ALL = frozenset({GENERIC_400, "rate.generic-429", "net.connection-error-unspecified"})
NONE_FITS = "none-fits"


def load_items(folder: Path) -> list[dict]:
    items: list[dict] = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".toml":
            found = [tomllib.loads(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".json":
            found = [json.loads(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".jsonl":
            found = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            continue
        for n, item in enumerate(found, 1):
            item.setdefault("id", path.stem if len(found) == 1 else f"{path.stem}:{n}")
            item["expected"] = list(item.get("expected") or [NONE_FITS])
            item["related"] = list(item.get("related") or [])
            items.append(item)
    return items


def family(cause_id: str) -> str:
    return cause_id.split(".", 1)[0]


def verdict(item: dict, ranked: list[str]) -> str:
    if not ranked:
        return "none"
    expected = [e for e in item["expected"] if e != NONE_FITS]
    top = ranked[0]
    if top in expected:
        return "right"
    if any(e in ranked[1:3] for e in expected) or top in item["related"]:
        return "partly"
    if top not in CATCH_ALL and any(family(top) == family(e) for e in expected):
        return "partly"
    return "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "fixtures" / "heldout3"))
    parser.add_argument("--top", type=int, default=3, help="causes shown per item (default 3)")
    args = parser.parse_args(argv)

    import knowledge
    from tui.engine import diagnose

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"not a folder: {folder}")
        return 2
    kb = knowledge.load()
    items = load_items(folder)
    if not items:
        print(f"no items in {args.folder}")
        return 2
    known = {c.id for c in kb.causes}
    for item in items:  # a label that names no cause of the catalogue is a mistake in the set, not a miss
        unknown = [c for c in item["expected"] + item["related"] if c != NONE_FITS and c not in known]
        if unknown:
            print(f"warning: {item['id']} names unknown cause ids {unknown}")
    verdicts: Counter[str] = Counter()
    generic_400 = []
    status_missed = []  # items labelled with a status the reader did not find (issue 11, part 3)
    started = time.perf_counter()
    for item in items:
        d = diagnose(item["paste"], use_env=False, kb=kb)
        ranked = [c.id for c in d.causes]
        v = verdict(item, ranked)
        verdicts[v] += 1
        if ranked and ranked[0] == GENERIC_400:
            generic_400.append(item["id"])
        obs = d.observation
        if item.get("status") and obs.status != item["status"]:
            status_missed.append(item["id"])
        expected = ", ".join(item["expected"]) + (f" (proposed {item['proposed']})" if item.get("proposed") else "")
        print(f"{item['id']}  {v.upper()}  {item.get('thread', '')}")
        print(f"    expected: {expected}")
        print(f"    read:     status {obs.status}, type {obs.error_type}  (labelled: {item.get('status')}, {item.get('error_type')})")
        if not d.causes:
            print("    top:      (no cause)")
        for rank, c in enumerate(d.causes[: args.top], 1):
            print(f"    {'top' if rank == 1 else f'#{rank}':<9} {c.id}  {c.confidence:.0%}")
    elapsed = time.perf_counter() - started
    n = len(items)
    labelled_400 = sum(1 for i in items if i.get("status") == 400)
    print()
    print(f"{n} items from {args.folder}  ({elapsed:.1f} s)")
    print(f"right {verdicts['right']}/{n}   partly {verdicts['partly']}   wrong {verdicts['wrong']}   none {verdicts['none']}")
    print(f"items whose expected cause is in the catalogue: {sum(1 for i in items if NONE_FITS not in i['expected'])}; "
          f"none-fits: {sum(1 for i in items if NONE_FITS in i['expected'])}")
    print(f"top cause is the generic 400 ({GENERIC_400}): {len(generic_400)} of {n} items "
          f"({labelled_400} items are labelled 400)" + (f": {', '.join(generic_400)}" if generic_400 else ""))
    print(f"labelled status not read from the paste: {len(status_missed)} of "
          f"{sum(1 for i in items if i.get('status'))}" + (f": {', '.join(status_missed)}" if status_missed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
