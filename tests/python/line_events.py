"""A test double of the Line SDK's event classes, for machines without pydantic 2.

Follows line/events.py of cartesia-line 0.2.17 (the output events an agent
yields and the input events it receives): the same class names, `type`
values, fields and defaults, as dataclasses instead of pydantic models.
Only the classes the tests use are here.
"""

from __future__ import annotations

import uuid
from dataclasses import field, make_dataclass
from typing import Any, Dict, List, Optional


def _generate_event_id() -> str:
    return str(uuid.uuid4())


def _event(name: str, kind: str, *fields: tuple) -> type:
    """A dataclass with `fields` as (name, type[, default]) in the SDK's order, then `type`, which is `kind`."""
    cls = make_dataclass(name, [*fields, ("type", str, kind)])
    cls.__module__ = __name__
    return cls


# Fields several events share, in the places the SDK gives them. A field() is made anew for each class.
_RESPONDING_TO = ("responding_to", Optional[str], None)
_INTERRUPTIBLE = ("interruptible", bool, True)


def _tool_fields() -> list:
    return [("tool_call_id", str), ("tool_name", str), ("tool_args", Dict[str, Any], field(default_factory=dict))]


def _input_fields() -> list:
    """Every input event has a stable id, and its history (None for an event inside a history list)."""
    return [("event_id", str, field(default_factory=_generate_event_id)), ("history", Optional[List[Any]], None)]


# Output events (agent -> harness)
AgentSendText = _event("AgentSendText", "agent_send_text", ("text", str), _INTERRUPTIBLE, _RESPONDING_TO)
AgentToolCalled = _event("AgentToolCalled", "agent_tool_called", *_tool_fields(), _RESPONDING_TO)
AgentToolReturned = _event("AgentToolReturned", "agent_tool_returned", *_tool_fields(), ("result", Any, None), _RESPONDING_TO)
AgentEndCall = _event("AgentEndCall", "end_call", ("reason", str, "agent_ended"), _RESPONDING_TO, _INTERRUPTIBLE)
AgentTransferCall = _event("AgentTransferCall", "agent_transfer_call", ("target_phone_number", str), _RESPONDING_TO, _INTERRUPTIBLE)
LogMetric = _event("LogMetric", "log_metric", ("name", str), ("value", Any), _RESPONDING_TO)
# level: Literal["info", "error"]
LogMessage = _event(
    "LogMessage", "log_message", ("name", str), ("level", str), ("message", str), ("metadata", Optional[Dict[str, Any]], None), _RESPONDING_TO
)

# Input events (harness -> agent)
CallStarted = _event("CallStarted", "call_started", *_input_fields())
UserTextSent = _event("UserTextSent", "user_text_sent", ("content", str), *_input_fields())
UserTurnEnded = _event("UserTurnEnded", "user_turn_ended", ("content", List[Any], field(default_factory=list)), *_input_fields())
CallEnded = _event("CallEnded", "call_ended", *_input_fields())
