"""Pydantic v2 models of the Bloodbank wire contract, written from the contract's text.

They play a Python peer: the interoperability tests validate what Bloodbank (Swift)
publishes with these models, independently of the Swift code. Payload models cover the
catalog types whose constraints the catalog states; every other payload is checked
against its exported JSON Schema.
"""

import re
from datetime import datetime
from typing import Any, Literal, Optional
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

TRIGGER_TYPES = Literal["manual", "agent", "scheduled", "heartbeat", "file_watch", "hook", "webhook", "service"]
AGENT_TYPES = Literal[
    "claude-code", "claude-chat", "gemini-cli", "gemini-code", "letta", "agno", "smolagent", "atomic-agent", "custom"
]
CHANNELS = Literal["telegram", "whatsapp", "discord", "signal", "imessage", "cli", "web", "api"]
SEMVER = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"

# The canonical writer's timestamp: UTC, six fraction digits and a Z suffix.
CANONICAL_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
LOWER_CASE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CANONICAL_KEYS = ["event_id", "event_type", "timestamp", "version", "source", "correlation_ids", "agent_context", "payload"]


class Strict(BaseModel):
    """Strict JSON-mode parsing: no string-to-number coercion, no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Source(Strict):
    host: str
    type: TRIGGER_TYPES
    app: Optional[str] = None
    meta: Optional[dict[str, Any]] = None


class CodeState(Strict):
    repo_url: Optional[str] = None
    branch: Optional[str] = None
    working_diff: Optional[str] = None
    branch_diff: Optional[str] = None
    last_commit_hash: Optional[str] = None


class AgentContext(Strict):
    type: AGENT_TYPES
    name: Optional[str] = None
    system_prompt: Optional[str] = None
    instance_id: Optional[str] = None
    mcp_servers: Optional[list[str]] = None
    file_references: Optional[list[str]] = None
    url_references: Optional[list[str]] = None
    code_state: Optional[CodeState] = None
    checkpoint_id: Optional[str] = None
    meta: Optional[dict[str, Any]] = None


class EventEnvelope(Strict):
    """Dialect A as a strict writer produces it: every key present, nothing else."""

    event_id: UUID
    event_type: str
    timestamp: datetime
    version: str
    source: Source
    correlation_ids: list[UUID]
    agent_context: Optional[AgentContext]
    payload: dict[str, Any]


class ObservationRecorded(Strict):
    observation_id: UUID
    agent_name: str
    session_key: str
    decision_type: str
    outcome: Literal["success", "failure", "neutral"]
    task_tags: list[str] = []
    source_event_ids: list[UUID] = []
    tool_name: Optional[str] = None
    verification_status: Optional[Literal["not_run", "passed", "failed"]] = None
    failure_mode: Optional[str] = None
    fix_applied: Optional[str] = None
    notes_preview: Optional[str] = Field(default=None, max_length=500)


class EpisodeCreated(Strict):
    episode_id: UUID
    agent_name: str
    session_key: str
    summary: str
    outcome: Literal["success", "failure", "mixed"]
    source_observation_ids: list[UUID]
    task_tags: list[str] = []
    failure_mode: Optional[str] = None
    fix_summary: Optional[str] = None
    user_feedback_score: Optional[int] = Field(default=None, ge=1, le=10)
    user_feedback_summary: Optional[str] = None


class CandidateValidated(Strict):
    candidate_id: UUID
    eval_suite: str
    decision: Literal["promoted", "rejected", "needs_more_data"]
    replay_pass_rate_before: Optional[float] = Field(default=None, ge=0, le=1)
    replay_pass_rate_after: Optional[float] = Field(default=None, ge=0, le=1)
    regression_failures: Optional[int] = Field(default=None, ge=0)
    notes: Optional[str] = None


class LessonPromoted(Strict):
    lesson_id: UUID
    candidate_id: UUID
    lesson_text: str
    scope_skills: list[str]
    trigger_tags: list[str] = []
    rollout_status: Literal["shadow", "active"]
    lesson_version: Optional[str] = Field(default=None, pattern=SEMVER)
    ttl_days: int = Field(ge=1)


class MessageReceived(Strict):
    agent_name: str
    channel: CHANNELS
    sender: str
    message_preview: str = Field(max_length=200)
    message_length: int
    session_key: str


class HeartbeatTick(Strict):
    tick: int
    timestamp: datetime
    epoch_ms: int
    quarter: Literal["Q1", "Q2", "Q3", "Q4"]
    day_of_week: Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    hour: int = Field(ge=0, le=23)
    minute: int = Field(ge=0, le=59)


class TranscriptFailed(Strict):
    failed_stage: Literal["upload", "transcription", "processing"]
    error_message: str
    error_code: Optional[str] = None
    transcript_id: Optional[str] = None
    media_file: Optional[str] = None
    timestamp: Optional[datetime] = None
    retry_count: int = 0
    is_retryable: bool = True
    metadata: dict[str, Any] = {}


class ThreadPrompt(Strict):
    provider: str
    model: Optional[str] = None
    prompt: str
    project: Optional[str] = None
    working_dir: Optional[str] = None
    domain: Optional[str] = None
    tags: list[str] = []


class PRCreated(Strict):
    cache_key: str
    cache_type: Literal["redis", "memory", "file"] = "redis"


# Payload models by the binding pattern of their event type.
PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "agent.learning.observation.recorded": ObservationRecorded,
    "agent.learning.episode.created": EpisodeCreated,
    "agent.learning.candidate.validated": CandidateValidated,
    "agent.learning.lesson.promoted": LessonPromoted,
    "agent.*.message.received": MessageReceived,
    "system.heartbeat.tick": HeartbeatTick,
    "fireflies.transcript.failed": TranscriptFailed,
    "agent.thread.prompt": ThreadPrompt,
    "llm.prompt": ThreadPrompt,
    "github.pr.created": PRCreated,
}


def matches(pattern: str, routing_key: str) -> bool:
    """Whether a binding pattern with `*` segments matches a routing key."""
    pattern_parts = pattern.split(".")
    key_parts = routing_key.split(".")
    if len(pattern_parts) != len(key_parts):
        return False
    return all(p == "*" or p == k for p, k in zip(pattern_parts, key_parts))
