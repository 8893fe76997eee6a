import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


TODAY = "2026-12-07"
CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS")


# The developer's real credentials, proxy and CA settings: no test sees them (CA-bundle variables
# are common on corporate machines; a test that needs one sets it).
HOST_VARIABLES = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "HTTPS_PROXY", "https_proxy",
                  "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", *CA_VARIABLES)


def _isolate(mp: pytest.MonkeyPatch, cache: Path) -> None:
    for name in HOST_VARIABLES:
        mp.delenv(name, raising=False)
    mp.setenv("XDG_CACHE_HOME", str(cache))
    # One fixed day: a model passing its end-of-life date must not change what the suite expects.
    mp.setenv("CLAUDE_TRIAGE_TODAY", TODAY)


@pytest.fixture(autouse=True, scope="session")
def _isolated_session(tmp_path_factory):
    """The same for module- and session-scoped fixtures (a module's SDK client is made before any
    function-scoped fixture runs)."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.getbasetemp() / "cache")
        yield


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test sees the host's credentials, proxy or CA settings, or its cache folder, whatever an
    earlier test changed."""
    _isolate(monkeypatch, tmp_path_factory.getbasetemp() / "cache")
