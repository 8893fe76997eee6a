"""The paste reader: any text → one Observation (tui/observation.py). Never raises.

    paste.py       the pass over one paste: normalise, find objects, unwrap, fill in from the text
    forms.py       pattern data: which client printed it, where a status shows up, exception names
    envelopes.py   walking JSON / repr / Node-dump objects down to the innermost Anthropic error
    python_sdk.py  the Python SDK's 2.15+ error line and its details JSON
    loose.py       finding and parsing the objects of a messy paste (JSON, reprs, Node dumps)
    summary.py     large opaque values (base64, padding, giant strings) summarised before matching
    lookalike.py   look-alike characters in model ids, header names and JSON keys
"""

from .paste import MAX_TEXT, normalise, read

__all__ = ["MAX_TEXT", "normalise", "read"]
