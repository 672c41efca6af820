"""Pydantic v2 models of the Bloodbank envelope, written from the wire contract the way
the Python services define it: the canonical envelope (dialect A) with a typed payload.

Unknown top-level keys are ignored and UUIDs are parsed case-insensitively, which are
Pydantic's defaults and the Python side's behaviour.
"""

from datetime import datetime, timezone
from enum import Enum
from typing import Any, Generic, Optional, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, Field


class TriggerType(str, Enum):
    MANUAL = "manual"
    AGENT = "agent"
    SCHEDULED = "scheduled"
    HEARTBEAT = "heartbeat"
    FILE_WATCH = "file_watch"
    HOOK = "hook"
    WEBHOOK = "webhook"
    SERVICE = "service"


class Source(BaseModel):
    host: str
    type: TriggerType
    app: Optional[str] = None
    meta: Optional[dict[str, Any]] = None


class AgentType(str, Enum):
    CLAUDE_CODE = "claude-code"
    CLAUDE_CHAT = "claude-chat"
    GEMINI_CLI = "gemini-cli"
    GEMINI_CODE = "gemini-code"
    LETTA = "letta"
    AGNO = "agno"
    SMOLAGENT = "smolagent"
    ATOMIC_AGENT = "atomic-agent"
    CUSTOM = "custom"


class CodeState(BaseModel):
    repo_url: Optional[str] = None
    branch: Optional[str] = None
    working_diff: Optional[str] = None
    branch_diff: Optional[str] = None
    last_commit_hash: Optional[str] = None


class AgentContext(BaseModel):
    type: AgentType
    name: Optional[str] = None
    system_prompt: Optional[str] = None
    instance_id: Optional[str] = None
    mcp_servers: Optional[list[str]] = None
    file_references: Optional[list[str]] = None
    url_references: Optional[list[str]] = None
    code_state: Optional[CodeState] = None
    checkpoint_id: Optional[str] = None
    meta: Optional[dict[str, Any]] = None


class AgentThreadPrompt(BaseModel):
    """The payload of agent.thread.prompt."""

    provider: str
    model: Optional[str] = None
    prompt: str
    project: Optional[str] = None
    working_dir: Optional[str] = None
    domain: Optional[str] = None
    tags: list[str] = []


PayloadT = TypeVar("PayloadT")


class EventEnvelope(BaseModel, Generic[PayloadT]):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    version: str = "1.0.0"
    source: Source
    correlation_ids: list[UUID] = []
    agent_context: Optional[AgentContext] = None
    payload: PayloadT


PromptEnvelope = EventEnvelope[AgentThreadPrompt]
