"""The claude-triage knowledge base: TOML data, its schema and its loader.

`knowledge.load()` returns the validated, frozen knowledge base (cached per process).
Imports neither textual nor httpx.
"""

from .loader import KnowledgeBase, build, data_dir, load, load_raw


def __getattr__(name: str):
    if name == "SchemaError":  # lazily: schema.py is only needed when validating
        from .schema import SchemaError
        return SchemaError
    raise AttributeError(name)

__all__ = ["KnowledgeBase", "SchemaError", "build", "data_dir", "load", "load_raw"]
