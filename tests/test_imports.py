"""Core apart from UI: the engine, the knowledge base and the CLI paths load no Textual or httpx."""

import json
import subprocess
import sys

from tests.helpers import ROOT

PROBE = """
import json, sys
{stmt}
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx', 'httpx2', 'anthropic', 'rich', 'mcp', 'mcp_types'))), file=sys.stderr)
"""


def _loaded(stmt: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(stmt=stmt)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return {m.split(".")[0] for m in json.loads(out.stderr.strip().splitlines()[-1])}


def test_engine_and_knowledge_import_no_ui_or_network():
    loaded = _loaded("import knowledge, tui.engine, tui.reader, tui.redact\n"
                     "from tui import diagnose\nknowledge.load()\n"
                     "diagnose('Error code: 429 - {\"type\":\"error\"}', env={})")
    assert not loaded & {"textual", "httpx", "httpx2", "anthropic"}, loaded


def test_cli_diagnose_path_imports_no_textual_httpx():
    stmt = ("import io, sys\nfrom tui.cli import main\n"
            "sys.stdin = io.TextIOWrapper(io.BytesIO(b'Error code: 401 - {}'))\n"
            "main(['diagnose', '-', '--format', 'json'])\nmain(['explain', '429'])\nmain(['catalogue'])")
    loaded = _loaded(stmt)
    assert not loaded & {"textual", "httpx", "httpx2", "anthropic"}, loaded


def test_cli_terminal_output_does_not_import_rich():
    """Styled terminal output is written by tui.render.ansi: Rich's import would cost ~40 ms a call."""
    stmt = ("import io, os, sys\nos.environ['FORCE_COLOR'] = '1'\nfrom tui.cli import main\n"
            "sys.stdin = io.TextIOWrapper(io.BytesIO(b'Error code: 401 - {}'))\n"
            "main(['diagnose', '-'])\nmain(['explain', '429'])")
    assert "rich" not in _loaded(stmt)


def test_only_the_mcp_command_imports_the_mcp_sdk():
    """The MCP SDK (~1.2 s to import) is an optional extra: no other command, nor `--help`, loads it."""
    stmt = ("import io, sys\nfrom tui.cli import main\n"
            "sys.stdin = io.TextIOWrapper(io.BytesIO(b'{\"model\": \"claude-opus-4-7\", \"max_tokens\": 9, "
            "\"temperature\": 1, \"messages\": []}'))\n"
            "main(['lint', '-', '--format', 'json'])\nmain(['diagnose', '--example', 'auth.invalid-key'])\n"
            "main(['catalogue', '--format', 'json'])\nmain(['explain', 'CT501'])\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "import tui.hook\ntui.hook.install()")
    assert not _loaded(stmt) & {"mcp", "mcp_types"}
