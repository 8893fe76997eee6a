"""Every (status, error_code) pair of the pinned anthropic SDK, raised for real and diagnosed.

The fake API answers each pair with an error body that carries the code (and, where the code
documents some, details beside it); the real SDK raises its own class for the pair; the engine
reads the text a user would paste, `str(exc)`, and must name the code's cause first, with the
confidence the API's own word deserves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

anthropic = pytest.importorskip("anthropic")
error_classes = pytest.importorskip("anthropic._error_classes")

import knowledge  # noqa: E402
from fakeapi import SCENARIO_HEADER, FakeAPI, error_reply  # noqa: E402
from tui import diagnose  # noqa: E402
from tui.engine.codes import CAUSE_PREFIX, covered_codes  # noqa: E402

PAIRS = sorted((status, code) for status, code in error_classes.ERROR_CLASSES if code)
TYPES = {400: "invalid_request_error", 401: "authentication_error", 402: "billing_error",
         403: "permission_error", 404: "not_found_error", 409: "conflict_error",
         413: "request_too_large", 429: "rate_limit_error", 500: "api_error", 503: "api_error",
         504: "timeout_error", 529: "overloaded_error"}


@pytest.fixture(scope="module")
def raised():
    out = {}
    with FakeAPI() as fake:
        client = anthropic.Anthropic(api_key="sk-ant-api03-FAKE0000fake0000FAKE0000-XyZ", base_url=fake.base_url,
                                     max_retries=0, timeout=5.0)
        for status, code in PAIRS:
            name = f"{status}-{code}"
            fake.scenarios[name] = error_reply(
                status, TYPES.get(status, "api_error"), f"The request failed: {code.replace('_', ' ')}.",
                request_id=f"req_011CWalk{abs(hash(name)) % 10**10:010d}", details={"error_code": code})
            try:
                client.messages.create(model="claude-sonnet-4-6", max_tokens=8, extra_headers={SCENARIO_HEADER: name},
                                       messages=[{"role": "user", "content": "hi"}])
            except anthropic.APIStatusError as exc:
                out[(status, code)] = exc
        client.close()
    return out


def test_the_sdk_has_codes():
    assert len(PAIRS) > 100


@pytest.mark.parametrize("status,code", PAIRS, ids=[f"{s}-{c}" for s, c in PAIRS])
def test_every_code_leads_with_its_cause(raised, status, code):
    exc = raised[(status, code)]
    assert exc.error_code == code  # the SDK itself read it: guards the fake, not the engine
    kb = knowledge.load()
    assert code in kb.codes_by_name, f"{code}: not in knowledge/data/error_codes.toml"
    d = diagnose(str(exc), env={})
    o = d.observation
    assert (o.status, o.error_code, o.request_id) == (status, code, exc.request_id), str(exc)
    top = d.top
    assert top is not None and top.confidence >= 0.9, [(c.id, c.confidence) for c in d.causes[:3]]
    if code in covered_codes(kb):
        assert any(r.kind == "error_code" and code in r.values() for r in top.cause.matches), top.id
    else:
        assert top.id == CAUSE_PREFIX + code
    assert top.cause.fix and top.cause.summary
    assert any(code in e for e in top.evidence), top.evidence
