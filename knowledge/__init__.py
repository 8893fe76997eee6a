"""The claude-triage knowledge base: TOML data, its schema and its loader.

`knowledge.load()` returns the validated, frozen knowledge base (cached per process).
Imports neither textual nor httpx.
"""

from .loader import KnowledgeBase, load, load_raw, build, data_dir
from .schema import SchemaError

__all__ = ["KnowledgeBase", "SchemaError", "build", "data_dir", "load", "load_raw"]
