"""Genuine client text, stored: every fixture under tests/fixtures/genuine/ through the engine.

The texts were made by real releases of the Python SDK, the TypeScript SDK and Claude Code
against the loopback fake (tests/genuine/make_fixtures.py); each folder's meta.json says, per
case and text form, the status, error type, error code and request id the text shows and the
area the top cause must be in. Older releases stay here so that reading a new format can never
break an old one. The drift check's comparisons (tests/genuine/compare.py) are tested here too,
offline, on the stored sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _p in (str(HERE / "genuine"), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from cases import api_messages  # noqa: E402
from compare import FixtureSet, check_reading, facts_diff, report, shown_lost, stored_sets  # noqa: E402
from tui import diagnose  # noqa: E402
from tui.reader import read  # noqa: E402

ROOT = HERE / "fixtures" / "genuine"
CLIENTS = ("python-anthropic", "ts-sdk", "claude-code")
SETS = {f"{c}/{p.name}": FixtureSet.load(p) for c in CLIENTS for p in stored_sets(ROOT, c)}
TEXTS = [(name, case, form) for name, s in SETS.items() for case, form in sorted(s.texts)]


def _set(client: str, version: str) -> FixtureSet:
    return SETS[f"{client}/{version}"]


def test_every_client_has_genuine_text():
    versions = {c: [n.split("/")[1] for n in SETS if n.startswith(c + "/")] for c in CLIENTS}
    assert len(versions["python-anthropic"]) >= 3, versions
    assert any(v.startswith("0.") for v in versions["python-anthropic"]), versions
    assert versions["ts-sdk"] and versions["claude-code"], versions
    # At least 12 statuses/error codes in the newest Python release's text.
    newest = SETS[f"python-anthropic/{versions['python-anthropic'][-1]}"]
    answers = {(c["server"]["status"], c["server"]["error_code"]) for c in newest.meta["cases"].values()
               if (c["server"]["status"] or 0) >= 400}
    assert len(answers) >= 12, answers


@pytest.mark.parametrize("name,case,form", TEXTS, ids=[f"{n}/{c}.{f}" for n, c, f in TEXTS])
def test_genuine_text(name, case, form):
    fixtures = SETS[name]
    text = fixtures.texts[(case, form)]
    want = fixtures.expected(case, form)
    server = fixtures.meta["cases"][case]["server"]
    d = diagnose(text, env={})
    top = d.causes[0].id if d.causes else None
    misses = check_reading(want, server, d.observation, top)
    # The reader alone gives the same fields as the engine's observation.
    o = read(text)
    assert (o.status, o.error_type, o.error_code, o.request_id) == (
        d.observation.status, d.observation.error_type, d.observation.error_code, d.observation.request_id)
    assert not misses, (f"{name}/{case}.{form}: " + "; ".join(f"{f}: want {w!r}, got {g!r}" for f, w, g in misses)
                        + f"\nranked {[c.id for c in d.causes[:4]]}\n--- input ---\n{text}\n---")


# --- the drift checker, on the stored sets --------------------------------------------------------

def test_drift_2_14_to_2_17_reports_the_2_15_changes():
    old, new = _set("python-anthropic", "2.14.0"), _set("python-anthropic", "2.17.0")
    lines, drift = report(old, new, messages=api_messages(), text_forms=("str",))
    assert drift
    text = "\n".join(lines)
    # The new str(e) format: 'Error code: 429 - {...}' became '429 <message> (request_id: ...)'.
    assert "429-rate-limit [str]" in text, text
    change = next(i for i, line in enumerate(lines) if "429-rate-limit [str]" in line)
    assert "was: Error code: <status> - {" in lines[change + 1], lines[change + 1]
    assert "now: <status> <message> (request_id: <request_id>, path: /v1/messages, type: <error_type>)" \
        in lines[change + 2], lines[change + 2]
    # New (status, error_code) pairs and their classes.
    d = facts_diff(old.facts, new.facts)
    assert (503, "storage_not_ready") in d.pairs_added and "StorageNotReadyError" in d.classes_added, d
    assert "  + 503 storage_not_ready" in lines
    # Transport failures now obey x-should-retry: false.
    assert d.changed["retry.x_should_retry_on_transport_failure"] == (False, True), d.changed
    # The refused connection now names the address (httpx2's wording).
    refused = [ln for ln in lines if ln.strip().startswith("now:") and "Connection to 127.0.0.1:<port> failed" in ln]
    assert refused, text


def test_drift_0_x_to_2_17_reports_classes_transport_and_attributes():
    old, new = _set("python-anthropic", "0.40.0"), _set("python-anthropic", "2.17.0")
    d = facts_diff(old.facts, new.facts)
    assert d.changed["transport"] == ("httpx", "httpx2")
    # '600.0' and '10 * 60' seconds are the same default timeout: not a retry-rule change.
    assert set(k for k in d.changed if k.startswith("retry.")) == {"retry.x_should_retry_on_transport_failure"}
    for cls in ("PaymentRequiredError", "RequestTimeoutError", "PreconditionFailedError",
                "ContentTooLargeError", "RequestHeaderFieldsTooLargeError", "ClientClosedRequestError",
                "HTTPNotImplementedError", "ServiceUnavailableError", "GatewayTimeoutError",
                "RetryableError", "CredentialsError", "IdentityTokenFileError"):
        assert cls in d.classes_added, (cls, d.classes_added)
    assert {"api_message", "error_code", "details", "type", "workspace_id"} <= set(d.attributes_added)
    coded = [p for p in new.facts["error_pairs"] if p[1]]
    assert len(new.facts["error_pairs"]) == 156 and len(coded) == 139
    assert (400, "image_dimensions_too_large") in d.pairs_added
    text = "\n".join(report(old, new, messages=api_messages(), text_forms=("str",))[0])
    assert "transport: httpx -> httpx2" in text and "  + PaymentRequiredError" in text


def test_shown_lost_is_empty_between_the_pinned_python_releases():
    """2.17's text shows every field 2.14's did (the request id moved, it did not go)."""
    lost = shown_lost(_set("python-anthropic", "2.14.0"), _set("python-anthropic", "2.17.0"))
    assert [(m.case, m.form, m.field) for m in lost] == []


def test_reading_lost_counts_every_shown_field_for_a_reader_that_reads_nothing():
    """The checker's own arithmetic: against an observation with nothing in it, every field a
    text shows is reported lost, and nothing else is."""
    from compare import reading_lost
    from tui.observation import Observation
    from types import SimpleNamespace

    new = _set("python-anthropic", "2.17.0")
    misses = reading_lost(new, lambda text: SimpleNamespace(observation=Observation(), causes=[]))
    shown = sum(1 for key in new.texts for f in ("status", "error_type", "error_code", "request_id")
                if new.expected(*key)[f] is not None)
    assert len([m for m in misses if m.field != "cause"]) == shown
    assert len([m for m in misses if m.field == "cause"]) == len(new.texts)
