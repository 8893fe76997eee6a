"""The Textual app: paste and diagnose, the error catalogue, guided checks.

This package is the only place that imports Textual, and it does so lazily: `import tui.app`
costs nothing until `run_app` is called, so the CLI's other commands never pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping


def run_app(paste: str | None = None, env: Mapping[str, str] | None = None, headless: bool = False,
            scan: tuple[str | None, str | None] | None = None) -> int:
    """Run the app until the user quits; `paste` is loaded into the Diagnose screen first.

    `env` replaces os.environ in the whole app (None: the real environment); a bundled example
    always runs with the environment it declares. `scan` = (path, text) opens the Scan view.
    """
    import gc
    # Start-up only allocates (Textual's classes, styles, the first screen): nothing to collect,
    # yet the collector would run some twenty times before the first frame. It comes back on
    # once that frame is painted (TriageApp._after_first_paint), with all of this frozen.
    gc.disable()
    try:
        from .app import TriageApp

        app = TriageApp(paste=paste, env=env, scan=scan)
        app.run(headless=headless)
    finally:
        gc.enable()
    return app.return_code or 0


__all__ = ["run_app"]
