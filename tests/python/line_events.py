"""A test double of the Line SDK's event classes, for machines without pydantic 2.

Follows line/events.py of cartesia-line 0.2.17 (the output events an agent
yields and the input events it receives): the same class names, `type`
values, fields and defaults, as dataclasses instead of pydantic models.
Only the classes the tests use are here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


def _generate_event_id() -> str:
    return str(uuid.uuid4())


@dataclass
class AgentSendText:
    text: str
    interruptible: bool = True
    responding_to: Optional[str] = None
    type: str = "agent_send_text"


@dataclass
class AgentToolCalled:
    tool_call_id: str
    tool_name: str
    tool_args: Dict[str, Any] = field(default_factory=dict)
    responding_to: Optional[str] = None
    type: str = "agent_tool_called"


@dataclass
class AgentToolReturned:
    tool_call_id: str
    tool_name: str
    tool_args: Dict[str, Any] = field(default_factory=dict)
    result: Any = None
    responding_to: Optional[str] = None
    type: str = "agent_tool_returned"


@dataclass
class AgentEndCall:
    reason: str = "agent_ended"
    responding_to: Optional[str] = None
    interruptible: bool = True
    type: str = "end_call"


@dataclass
class AgentTransferCall:
    target_phone_number: str
    responding_to: Optional[str] = None
    interruptible: bool = True
    type: str = "agent_transfer_call"


@dataclass
class LogMetric:
    name: str
    value: Any
    responding_to: Optional[str] = None
    type: str = "log_metric"


@dataclass
class LogMessage:
    name: str
    level: str  # Literal["info", "error"]
    message: str
    metadata: Optional[Dict[str, Any]] = None
    responding_to: Optional[str] = None
    type: str = "log_message"


@dataclass
class CallStarted:
    event_id: str = field(default_factory=_generate_event_id)
    history: Optional[List[Any]] = None
    type: str = "call_started"


@dataclass
class UserTextSent:
    content: str
    event_id: str = field(default_factory=_generate_event_id)
    history: Optional[List[Any]] = None
    type: str = "user_text_sent"


@dataclass
class UserTurnEnded:
    content: List[Any] = field(default_factory=list)
    event_id: str = field(default_factory=_generate_event_id)
    history: Optional[List[Any]] = None
    type: str = "user_turn_ended"


@dataclass
class CallEnded:
    event_id: str = field(default_factory=_generate_event_id)
    history: Optional[List[Any]] = None
    type: str = "call_ended"
