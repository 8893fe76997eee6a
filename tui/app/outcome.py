"""What the Diagnose screen shows for one paste, built off the UI thread (no Textual here).

`build` calls the engine and turns the diagnosis into plain data: Docs from the same renderer as
the CLI (so the app adds no diagnosis logic, and every span is redacted and stripped of control
characters when it is drawn), one per part of the results and one per cause, the Markdown report,
the fix to copy. Plain data can cross threads, and
processes: a huge paste is diagnosed in a child process (see `submit`), because the engine's
regexes hold the GIL for the whole of a long scan and a thread would freeze the UI meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from knowledge.record import Record
from rich.text import Text

from ..render.doc import Doc

# Beyond this many characters a paste is not put in the TextArea: TextArea's layout cost grows
# with the line count (a 10 MB log costs seconds to load and ~0.6 s per key press), so the
# box shows a read-only preview while the engine reads the whole paste.
LARGE = 200_000
DEFAULT_LANGUAGE = "python"  # the catch chain shown when the paste does not say which SDK it came from

class CauseView(Record):
    """One cause as its block shows it: the title row (and where it hangs) and the body."""

    id: str
    row: list                # (text, style) spans: rank, confidence bar, title, id
    hang: int                # the column a wrapped title row continues at
    body: Doc                # summary, evidence, fix steps, docs (render.report.cause_body)


class Outcome(Record):
    """Everything the screen shows for one paste. Plain, picklable data: no Diagnosis object,
    which holds the whole paste and would be pickled back from a child process."""

    gen: int                 # which request this answers; stale answers are dropped
    summary: dict            # Diagnosis.to_dict(): the CLI's JSON contract (input, causes, retry…)
    head: Doc                # what was read: status, message, request id, model (render.report.head_doc)
    causes: list             # a CauseView per ranked cause, best first
    tail: Doc                # model suggestions, request findings, the retry line
    markdown: str            # the redacted Markdown report (copy / save)
    fix: str                 # the top cause's fix steps as text ("" when nothing matched)
    top_id: str | None       # the top cause's id, for "open in catalogue"
    retry_after_s: float | None  # seconds to wait, when the error says so and a retry can help
    env_note: str            # which environment the credential checks read
    is_json: bool            # the paste is one JSON document: highlight it as JSON
    language: str | None     # SDK language the paste came from, if the reader could tell
    snippet: Text | None     # catch chain for that language (or the default one)
    elapsed_ms: float = 0.0


def example_env(kb, text: str) -> dict | None:
    """The declared environment of the bundled example whose paste this is, if it is one.

    Examples run with the environment they declare, never the user's (as `diagnose --example`
    does): the dual-credentials example needs both variables set to show what it is about. The
    paste box masks keys, so an example is also recognised in its masked form.
    """
    env = _example_envs(kb).get(text.strip())
    return dict(env) if env is not None else None


def _example_envs(kb) -> dict[str, dict]:
    """Every example paste, as given and as the paste box shows it (masked), → its declared env;
    the first example wins, as in knowledge-base order. Built once per knowledge base."""
    def build() -> dict[str, dict]:
        from ..redact import redact
        table: dict[str, dict] = {}
        for cause in kb.causes:
            for ex in cause.examples:
                paste = ex.paste.strip()
                table.setdefault(paste, ex.env)
                table.setdefault(redact(paste), ex.env)
        return table
    return kb.derived("example-envs", build)


def _env_note(env: Mapping[str, str] | None, example: bool) -> str:
    if env is None:
        return "env: your shell's ANTHROPIC_* and proxy variables (values never shown)"
    names = ", ".join(sorted(env)) or "nothing set"
    return f"env: {'the bundled example' if example else 'the app'}'s own ({names})"


def looks_json(text: str) -> bool:
    """One JSON document (for highlighting only; the reader does its own, more forgiving reading)."""
    body = text.strip()
    if len(text) > LARGE or not body or body[0] not in "{[" or body[-1] not in "}]":
        return False
    import json
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def code_of(summary: dict) -> tuple[int | None, str | None]:
    """(status, error_code) of a diagnosis summary: what picks the snippet's first branch."""
    found = summary.get("input", {})
    return found.get("status"), found.get("error_code")


def snippet_text(kb, language: str, dark: bool = True, status: int | None = None,
                 error_code: str | None = None) -> Text | None:
    """The catch-chain snippet for an SDK language (with a branch for the paste's error code's own
    class), syntax highlighted (cached: highlighting is 1.5 ms of every diagnosis otherwise)."""
    def build() -> Text | None:
        from ..render.snippet import catch_chain
        code = catch_chain(kb, language, status, error_code)
        if code is None:
            return None
        from rich.syntax import Syntax
        text = Syntax(code, language, theme="monokai" if dark else "default", background_color="default",
                      word_wrap=False).highlight(code)
        text.rstrip()
        return text
    cached = kb.derived(("snippet", language, dark, status, error_code), build)
    return cached.copy() if cached is not None else None


def build(gen: int, text: str, env: Mapping[str, str] | None, env_fixed: bool, dark: bool) -> Outcome:
    """Diagnose `text` (in a worker thread or a child process) and render what the screen shows.

    `env` replaces os.environ (None: the real one). Unless `env_fixed`, a bundled example's
    paste runs with the example's own declared environment instead.
    """
    import knowledge

    from ..engine import diagnose
    from ..render.doc import cleaned
    from ..render.report import block_row, cause_body, head_doc, markdown, tail_doc
    started = time.perf_counter()
    kb = knowledge.load()
    declared = None if env_fixed else example_env(kb, text)
    example = declared is not None
    if example:
        env = declared
    d = diagnose(text, env=env, kb=kb)
    language = d.observation.sdk_language
    retry = d.retry
    causes = [CauseView(m.cause.id, *block_row(rank, m), cleaned(cause_body(m, full=True, indent=0)))
              for rank, m in enumerate(d.causes, 1)]
    return Outcome(gen=gen, summary=d.to_dict(), head=cleaned(head_doc(d)), causes=causes, tail=cleaned(tail_doc(d)),
                   markdown=markdown(d), fix=fix_text(d), top_id=d.top.id if d.top else None,
                   retry_after_s=retry.after_s if retry.retryable is not False else None,
                   env_note=_env_note(env, example), is_json=looks_json(text), language=language,
                   snippet=snippet_text(kb, language or DEFAULT_LANGUAGE, dark, d.observation.status,
                                        d.observation.error_code),
                   elapsed_ms=(time.perf_counter() - started) * 1000)


def fix_text(d) -> str:
    """The top cause's fix steps as plain text for the clipboard (redacted)."""
    from ..redact import redact
    top = d.top
    if top is None:
        return ""
    steps = [f"{i}. {step}" for i, step in enumerate(top.fix, 1)]
    return redact(f"{top.cause.title} ({top.cause.id})\n" + "\n".join(steps) + f"\nDocs: {top.cause.docs_url}\n")


# --- huge pastes: a child process ---------------------------------------------------------
#
# Not multiprocessing: it needs sys.stderr's file descriptor for its resource tracker, and inside
# a Textual app sys.stderr is Textual's capture object. A plain subprocess speaking pickle over
# its stdin/stdout is enough: one request at a time, from our own process, to our own child.

class _Child:
    def __init__(self) -> None:
        import threading
        self.proc = None
        self.lock = threading.Lock()  # an overtaken worker may still be waiting for its answer

    def _start(self):
        import os
        import subprocess
        import sys
        from pathlib import Path
        root = str(Path(__file__).resolve().parents[2])  # the checkout or site-packages holding `tui`
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        return subprocess.Popen([sys.executable, "-c", "from tui.app.outcome import child_main; child_main()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def run(self, args: tuple) -> Outcome:
        import pickle
        with self.lock:
            for attempt in (1, 2):  # a child that died (killed, out of memory) is started again once
                if self.proc is None or self.proc.poll() is not None:
                    self.proc = self._start()
                try:
                    pickle.dump(args, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    self.proc.stdin.flush()
                    result = pickle.load(self.proc.stdout)
                    break
                except (OSError, EOFError, pickle.UnpicklingError):
                    self.close()
                    if attempt == 2:
                        raise
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.kill()
                self.proc.wait(timeout=2)
            except (OSError, ValueError, TimeoutError):
                pass
            self.proc = None


_CHILD: _Child | None = None


def build_elsewhere(gen: int, text: str, env: Mapping[str, str] | None, env_fixed: bool, dark: bool) -> Outcome:
    """`build` in a child process, blocking the calling worker thread but not the UI.

    The child is started on the first huge paste and kept for the next. It inherits os.environ,
    so env=None reads the same variables there.
    """
    global _CHILD
    if _CHILD is None:
        _CHILD = _Child()
    return _CHILD.run((gen, text, dict(env) if env is not None else None, env_fixed, dark))


def child_main() -> None:
    """The child's loop: a pickled argument tuple in, a pickled Outcome (or exception) out."""
    import pickle
    import sys
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            args = pickle.load(source)
        except EOFError:
            return
        try:
            result: object = build(*args)
        except Exception as exc:  # noqa: BLE001 - reported to the app, which shows it
            result = RuntimeError(f"{type(exc).__name__}: {exc}")
        pickle.dump(result, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


def shutdown() -> None:
    """Stop the child process, if one was started (the app calls this when it exits)."""
    global _CHILD
    if _CHILD is not None:
        _CHILD.close()
        _CHILD = None
