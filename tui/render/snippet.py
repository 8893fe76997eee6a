"""The catch-chain snippet for an SDK language, with a first branch for the paste's error code.

The knowledge base keeps one snippet per language (sdks.toml). When the API named its cause with
an error code and that SDK raises a class of its own for the (status, code) pair (the generated
SDK facts say which), the snippet catches that class first: it is a subclass of the status class,
so it has to come before it.
"""

from __future__ import annotations

from knowledge import KnowledgeBase


def catch_chain(kb: KnowledgeBase, language: str, status: int | None = None, code: str | None = None) -> str | None:
    """The snippet's code (None when the language has none)."""
    sdk = kb.sdks.get(language)
    if sdk is None or not sdk.snippet.strip():
        return None
    code_text = sdk.snippet.strip("\n")
    cls = kb.sdk_facts.code_classes.get((status, code), {}).get(language) if code and status else None
    branch = _BRANCHES.get(language)
    if not cls or branch is None:
        return code_text
    marker, template = branch
    lines = code_text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith(marker)), None)
    if at is None:
        return code_text
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    added = [indent + line for line in template.format(cls=cls, status=status, code=code).split("\n")]
    if language == "typescript":  # the old first test of the if chain becomes an else-if
        lines[at] = indent + "} else " + lines[at].lstrip()
    return "\n".join([*lines[:at], *added, *lines[at:]])


# language -> (the line the new branch goes before, the branch)
_BRANCHES = {
    "python": ("except ", "except anthropic.{cls} as e:  # {status} {code}: the API named the cause\n"
                          "    print(e.error_code, e.api_message, e.details)"),
    "typescript": ("if (err instanceof", "if (err instanceof Anthropic.{cls}) {{ // {status} {code}: the API named the cause\n"
                                         "  console.error(err.errorCode, err.apiMessage);"),
}
