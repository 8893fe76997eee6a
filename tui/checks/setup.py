"""Step 4: what only the user knows (platform, data retention), and step 5's place for live probes.

The questions are data for the UI: a screen (or the next issue's CLI) asks them and passes the
answers back to `run_offline`; the conclusions below depend on nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from knowledge import KnowledgeBase
from knowledge.record import Record

from .credentials import BASE_URL, DEFAULT_HOST, base_host
from .result import CheckResult, first_set

RETENTION_RULE = "requires-30d-retention"  # the models.toml rule group of retention-gated models


class Question(Record):
    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]  # (answer value, label)


QUESTIONS = (
    Question("platform", "Where does your program call Claude?", (
        ("first-party", "Anthropic API (api.anthropic.com)"),
        ("bedrock", "Amazon Bedrock"),
        ("vertex", "Google Vertex AI"),
        ("gateway", "A gateway or proxy (LiteLLM, OpenRouter, a company gateway)"),
    )),
    Question("retention", "Is your organization on zero data retention, or a retention period under 30 days?", (
        ("no", "No: standard retention (30 days or more)"),
        ("yes", "Yes: zero data retention or under 30 days"),
        ("unknown", "I don't know"),
    )),
)

# Where the platform clients take credentials and region from (anthropic SDK lib/bedrock, lib/vertex).
AWS_CREDENTIALS = ("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                   "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")
AWS_REGION = ("AWS_REGION", "AWS_DEFAULT_REGION")


def _unanswered(cid: str, title: str) -> CheckResult:
    return CheckResult(cid, title, "skip", "Not answered yet.", "", "setup")


def platform_checks(env: Mapping[str, str], answer: str | None) -> list[CheckResult]:
    title = "Platform"
    if answer is None:
        return [_unanswered("setup.platform", title)]
    host = base_host(env)[1]
    if answer == "first-party":
        if host != DEFAULT_HOST:
            return [CheckResult("setup.platform", title, "warn", f"You call the Anthropic API directly, but "
                                f"{BASE_URL} sends requests to {host}. Unset it.", "auth.wrong-base-url", "setup")]
        return [CheckResult("setup.platform", title, "pass", "Anthropic API: one credential, ANTHROPIC_API_KEY "
                            "(or ANTHROPIC_AUTH_TOKEN for an OAuth token), and no base URL.", "", "setup")]
    if answer == "bedrock":
        return [CheckResult("setup.platform", title, "pass", "Amazon Bedrock: AWS credentials and region, Bedrock "
                            "model IDs or inference profiles; ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL do not apply.",
                            "", "setup"), *_bedrock(env)]
    if answer == "vertex":
        return [CheckResult("setup.platform", title, "pass", "Google Vertex AI: Google credentials, a project and a "
                            "region; ANTHROPIC_API_KEY does not apply.", "", "setup"), *_vertex(env)]
    if host == DEFAULT_HOST:
        return [CheckResult("setup.platform", title, "warn", f"You use a gateway, but {BASE_URL} is not set: a client "
                            f"not pointed at the gateway in code sends requests to {DEFAULT_HOST}.",
                            "auth.wrong-base-url", "setup")]
    return [CheckResult("setup.platform", title, "info", f"Requests go to the gateway at {host}. Its errors and keys "
                        "are its own, not Anthropic's: check which key and header it expects.",
                        "platform.proxy-own-error", "setup")]


def _row(cid: str, title: str):
    """A builder for one setup row: the id, title and step stay, the verdict varies."""
    return lambda status, detail, cause="": CheckResult(cid, title, status, detail, cause, "setup")


def _bedrock(env: Mapping[str, str]) -> list[CheckResult]:
    creds, region = first_set(env, AWS_CREDENTIALS), first_set(env, AWS_REGION)
    cred = _row("setup.cloud-credentials", "AWS credentials")
    if env.get("AWS_ACCESS_KEY_ID") and not env.get("AWS_SECRET_ACCESS_KEY"):
        checked = cred("fail", "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY: AWS rejects the "
                       "signature.", "auth.bedrock-invalid-credentials")
    elif creds:
        checked = cred("pass", f"{creds[0]} is set.")
    else:
        checked = cred("info", "No AWS credential variables are set; they may still come from ~/.aws, SSO or an "
                       "instance role. `aws sts get-caller-identity` shows what is found.",
                       "auth.bedrock-no-credentials")
    where = _row("setup.cloud-region", "AWS region")
    if region:
        located = where("pass", f"{region[0]}={region[1]}; the model must be offered there.",
                        "model.not-available-in-region")
    else:
        located = where("info", "Neither AWS_REGION nor AWS_DEFAULT_REGION is set: the client needs aws_region= "
                        "or a region in the AWS profile.", "model.not-available-in-region")
    return [checked, located]


def _vertex(env: Mapping[str, str]) -> list[CheckResult]:
    path = env.get("GOOGLE_APPLICATION_CREDENTIALS")
    cred = _row("setup.cloud-credentials", "Google credentials")
    if path and not os.path.isfile(path):
        checked = cred("fail", f"GOOGLE_APPLICATION_CREDENTIALS points to {path}, which is not an existing file.",
                       "auth.vertex-credentials")
    elif path:
        checked = cred("pass", f"GOOGLE_APPLICATION_CREDENTIALS points to {path}.")
    else:
        checked = cred("info", "GOOGLE_APPLICATION_CREDENTIALS is not set: Application Default Credentials are used "
                       "(`gcloud auth application-default login`); stale ones give 401 or 403.",
                       "auth.vertex-credentials")
    region, project = env.get("CLOUD_ML_REGION"), env.get("ANTHROPIC_VERTEX_PROJECT_ID")
    missing = [n for n, v in (("CLOUD_ML_REGION", region), ("ANTHROPIC_VERTEX_PROJECT_ID", project)) if not v]
    detail = (f"{' and '.join(missing)} not set: pass region= / project_id= in code. " if missing
              else f"Region {region}, project {project}. ") + "The model must be enabled there."
    located = _row("setup.cloud-region", "Vertex region and project")(
        "info" if missing else "pass", detail, "model.not-available-in-region")
    return [checked, located]


def retention_check(kb: KnowledgeBase, answer: str | None) -> CheckResult:
    title = "Data retention"
    if answer is None:
        return _unanswered("setup.retention", title)
    gated = [m.name for m in kb.models if RETENTION_RULE in m.rules]
    names = ", ".join(gated) or "retention-gated models"
    if answer == "yes":
        return CheckResult("setup.retention", title, "warn", f"{names} need retention of 30 days or more: every "
                           "request to them fails with 400 for your organization, however correct. Use another "
                           "model or change the retention setting.", "model.fable-retention", "setup")
    if answer == "unknown":
        return CheckResult("setup.retention", title, "info", f"If a correct request to {names} fails with 400 while "
                           "the same request to another model works, check the organization's data-retention "
                           "setting in the Console.", "model.fable-retention", "setup")
    return CheckResult("setup.retention", title, "pass", f"Retention does not stand in the way of {names}.",
                       "", "setup")


def live_probe_placeholder() -> CheckResult:
    return CheckResult("live.probes", "Live probes", "skip", "Not run: nothing is sent unless you ask. `claude-triage "
                       "check --live` (or the Checks screen's live step) lists models, looks up the model and counts "
                       "the request's tokens to test the key, base URL and network for real.", "", "live")
