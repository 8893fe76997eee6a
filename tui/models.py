"""The model registry: look a model ID up (first-party, Bedrock or Vertex form), suggest the nearest.

Below the linter and the engine, which both ask it; it reads the knowledge base only.
"""

from __future__ import annotations

import re

from knowledge import KnowledgeBase
from knowledge.model import Model

_PLATFORM_PREFIX = re.compile(r"^(?:(?:us|eu|apac|global|jp|au)\.)?anthropic\.")
_PLATFORM_SUFFIX = re.compile(r"(?:-v\d+(?::\d+)?|@\d{8}|@latest)$")
_DATE = re.compile(r"-\d{8}$")


def canonical(model_id: str) -> str:
    """Strip platform decorations: `us.anthropic.claude-x-20250101-v1:0` → `claude-x-20250101`."""
    s = model_id.strip().strip("'\"`").lower()
    s = _PLATFORM_PREFIX.sub("", s)
    return _PLATFORM_SUFFIX.sub("", s)


def lookup(kb: KnowledgeBase, model_id: str | None) -> Model | None:
    if not model_id:
        return None
    table = kb.model_by_id
    for candidate in (model_id, model_id.strip(), canonical(model_id)):
        if candidate in table:
            return table[candidate]
    c = canonical(model_id)
    undated = _DATE.sub("", c)
    if undated in table:
        return table[undated]
    # Vertex writes the date after "@": claude-x@20250101 → claude-x-20250101
    return table.get(c.replace("@", "-"))


def nearest(kb: KnowledgeBase, model_id: str, n: int = 3) -> list[str]:
    """The valid IDs closest to a mistyped one, best first (`claude-sonnet-4.6` → `claude-sonnet-4-6`)."""
    seen: dict[tuple[str, int], list[str]] = kb.derived("nearest-models", dict)
    key = (model_id, n)
    if key not in seen:  # difflib is slow and the same typo is looked up by several checks
        if len(seen) > 512:  # a long-running app sees many typos; keep the table small
            seen.clear()
        seen[key] = _nearest(kb, model_id, n)
    return list(seen[key])


def _nearest(kb: KnowledgeBase, model_id: str, n: int) -> list[str]:
    names = [m.id for m in kb.models] + [a for m in kb.models for a in m.aliases]
    preferred = {m.id for m in kb.models if m.lifecycle != "retired"}
    return closest(model_id, names, n, preferred)


def closest(model_id: str, names: list[str], n: int = 3, preferred: set[str] | None = None) -> list[str]:
    """The names closest to a mistyped model id, best first; `preferred` names rank ahead
    (active models before retired ones). Used with the registry and with a live /v1/models list."""
    import difflib  # only for an unknown id: its import is not free
    if not names:
        return []
    guess = canonical(model_id).replace(".", "-").replace("_", "-").replace(" ", "-")
    # Common slips: a dot for the dash, a missing "claude-" prefix, family and version swapped.
    if not guess.startswith("claude-"):
        guess = "claude-" + guess
    if guess in names:
        return [guess]
    swapped = re.sub(r"^claude-(\d+(?:-\d+)?)-(opus|sonnet|haiku|fable|mythos)$", r"claude-\2-\1", guess)
    if swapped in names:
        return [swapped]
    preferred = preferred if preferred is not None else set(names)
    ranked = difflib.get_close_matches(guess, names, n=n * 3, cutoff=0.6)
    ranked.sort(key=lambda name: (name not in preferred, -difflib.SequenceMatcher(None, guess, name).ratio()))
    return list(dict.fromkeys(ranked))[:n]
