"""Forward a Cartesia Line agent's telemetry to Callscope.

    from callscope_line import wrap, callscope_sink
    agent = wrap(MyAgent(), url="https://callscope.example.com", key="cs_…", call_id=call_request.call_id)
    logger.add(callscope_sink(url="https://callscope.example.com", key="cs_…"))

`wrap` returns an agent that yields exactly what the inner agent yields and
forwards its LogMessage, LogMetric, AgentToolCalled/AgentToolReturned,
AgentEndCall and AgentTransferCall events to Callscope's telemetry API
(POST /api/v1/calls/{call_id}/events), as the same frames Line's
ConversationRunner sends over its /ws websocket (line/_harness_types.py),
each with the time it was yielded. `callscope_sink` is a loguru sink that
forwards logging statements with their level, time and source.

Sending happens on a background thread: a bounded queue, batches of NDJSON,
retries with backoff. When Callscope cannot be reached the agent is never
blocked or slowed; the oldest items are dropped and counted (`stats()`).
The queue is flushed when a call ends and when the process exits.

Standard library only (loguru is used when the agent has it, never imported here).
"""

from __future__ import annotations

import atexit
import contextvars
import datetime as _dt
import json
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import deque
from typing import Any, AsyncIterator, Callable, Deque, Dict, List, Optional, Tuple

__all__ = ["wrap", "callscope_sink", "stats", "flush", "Forwarder"]

# Line cuts what it sends over /ws at 30,000 characters (ConversationRunner._truncate_for_ws).
_MAX_CHARS = 30000
# The telemetry API's longest log message.
_MAX_LOG_CHARS = 100_000

# The call that the agent code running now belongs to: set by wrap() around each
# turn, so that logging statements made inside the agent reach the right call.
_current_call: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("callscope_call_id", default=None)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def _json_safe(value: Any) -> Any:
    """The value as JSON would carry it (what pydantic's model_dump + send_json gives Line's websocket)."""
    return json.loads(json.dumps(value, default=str))


def _truncate_for_ws(value: Any, max_chars: int = _MAX_CHARS) -> str:
    # As ConversationRunner._truncate_for_ws in line/voice_agent_app.py.
    s = json.dumps(value, default=str) if isinstance(value, (dict, list)) else str(value)
    if len(s) > max_chars:
        return s[:max_chars] + "... [truncated]"
    return s


def _truncate_dict_for_ws(value: Optional[Dict[str, Any]], max_chars: int = _MAX_CHARS) -> Optional[Dict[str, Any]]:
    # As ConversationRunner._truncate_dict_for_ws in line/voice_agent_app.py.
    if value is None:
        return None
    serialized = json.dumps(value, default=str)
    if len(serialized) > max_chars:
        return {"_truncated": True, "_preview": serialized[:200]}
    return json.loads(serialized)


def frame_of(event: Any, responding_to: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The /ws frame ConversationRunner._map_output_event makes of an output event, or None for one not forwarded.

    Events are recognised by their `type` field, so Line's pydantic models and
    any object with the same fields work alike.
    """
    kind = getattr(event, "type", None)
    rt = getattr(event, "responding_to", None) or responding_to
    if kind == "log_message":
        metadata = {
            "level": event.level,
            "message": event.message,
            "metadata": _truncate_dict_for_ws(getattr(event, "metadata", None)),
        }
        return {"type": "log_event", "event": event.name, "metadata": metadata, "responding_to": rt}
    if kind == "log_metric":
        return {"type": "log_metric", "name": event.name, "value": _json_safe(event.value), "responding_to": rt}
    if kind in ("agent_tool_called", "agent_tool_returned"):
        result = getattr(event, "result", None) if kind == "agent_tool_returned" else None
        return {
            "type": "tool_call",
            "name": event.tool_name,
            "arguments": _truncate_dict_for_ws(getattr(event, "tool_args", None) or {}),
            "result": _truncate_for_ws(result) if result is not None else None,
            "id": None,
            "responding_to": rt,
        }
    if kind == "end_call":
        return {"type": "end_call", "reason": event.reason, "responding_to": rt, "interruptible": getattr(event, "interruptible", True)}
    if kind == "agent_transfer_call":
        return {
            "type": "transfer",
            "target_phone_number": event.target_phone_number,
            "responding_to": rt,
            "interruptible": getattr(event, "interruptible", True),
        }
    return None


class Forwarder:
    """One background sender per Callscope URL and key, shared by every call of the process."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        max_queue: int = 10_000,
        batch_size: int = 200,
        interval: float = 0.25,
        timeout: float = 5.0,
        max_backoff: float = 30.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.key = key
        self.max_queue = max_queue
        self.batch_size = batch_size
        self.interval = interval
        self.timeout = timeout
        self.max_backoff = max_backoff
        self._queue: Deque[Tuple[str, str]] = deque()
        self._cond = threading.Condition()
        # The batch being sent: its call, its NDJSON lines and its Idempotency-Key, kept across retries.
        self._batch: Optional[Tuple[str, List[str], str]] = None
        self._healthy = True
        self._busy = False
        self._retry_at = 0.0
        self._backoff = 0.0
        self.sent = 0
        self.dropped = 0
        self.rejected = 0
        self.failures = 0
        self.last_error: Optional[str] = None
        self._thread = threading.Thread(target=self._run, name="callscope-forwarder", daemon=True)
        self._thread.start()

    # -- the agent's side: never blocks for longer than a lock held for a few list operations

    def put(self, call_id: str, item: Dict[str, Any]) -> None:
        line = json.dumps(item, default=str, ensure_ascii=False)
        with self._cond:
            if len(self._queue) + (len(self._batch[1]) if self._batch else 0) >= self.max_queue:
                self._drop_oldest()
            self._queue.append((call_id, line))
            if len(self._queue) >= self.batch_size:
                self._cond.notify()

    def _drop_oldest(self) -> None:
        if self._batch and self._batch[1] and not self._busy:
            call_id, lines, _ = self._batch
            lines.pop(0)
            # Its contents changed: a new key, so that the server does not take it for the old batch.
            self._batch = (call_id, lines, uuid.uuid4().hex) if lines else None
        elif self._queue:
            self._queue.popleft()
        else:
            return
        self.dropped += 1

    def flush(self, timeout: float = 2.0) -> bool:
        """Send what is queued now; wait for it up to `timeout` seconds, unless Callscope is failing."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._retry_at = 0.0 if self._healthy else self._retry_at
            self._cond.notify()
            while (self._queue or self._batch or self._busy) and self._healthy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return not (self._queue or self._batch or self._busy)

    def stats(self) -> Dict[str, Any]:
        with self._cond:
            return {
                "queued": len(self._queue) + (len(self._batch[1]) if self._batch else 0),
                "sent": self.sent,
                "dropped": self.dropped,
                "rejected": self.rejected,
                "failures": self.failures,
                "last_error": self.last_error,
            }

    # -- the background thread

    def _next_batch(self) -> Optional[Tuple[str, List[str], str]]:
        if self._batch is None and self._queue:
            call_id = self._queue[0][0]
            lines: List[str] = []
            while self._queue and self._queue[0][0] == call_id and len(lines) < self.batch_size:
                lines.append(self._queue.popleft()[1])
            self._batch = (call_id, lines, uuid.uuid4().hex)
        return self._batch

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    wait = self._retry_at - time.monotonic()
                    if wait <= 0 and (self._batch or self._queue):
                        break
                    self._cond.wait(wait if wait > 0 else self.interval)
                batch = self._next_batch()
                if batch is None:
                    continue
                self._busy = True
            call_id, lines, key = batch
            ok, retry, error = self._post(call_id, lines, key)
            with self._cond:
                self._busy = False
                if ok or not retry:
                    if self._batch is batch:
                        self._batch = None
                    if ok:
                        self.sent += len(lines)
                    else:
                        self.rejected += len(lines)
                    self.last_error = error
                    self._healthy = True
                    self._backoff = 0.0
                    self._retry_at = 0.0
                else:
                    self.failures += 1
                    self.last_error = error
                    self._healthy = False
                    self._backoff = min(self.max_backoff, self._backoff * 2 if self._backoff else 0.25)
                    self._retry_at = time.monotonic() + self._backoff
                self._cond.notify_all()

    def _post(self, call_id: str, lines: List[str], key: str) -> Tuple[bool, bool, Optional[str]]:
        """(stored, worth retrying, error)."""
        request = urllib.request.Request(
            f"{self.url}/api/v1/calls/{urllib.parse.quote(call_id, safe='')}/events",
            data=("\n".join(lines) + "\n").encode("utf-8"),
            method="POST",
            headers={
                "authorization": f"Bearer {self.key}",
                "content-type": "application/x-ndjson",
                "idempotency-key": key,
                "user-agent": "callscope-line/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
                return True, False, None
        except urllib.error.HTTPError as error:
            # 408, 429 and 5xx are passing; any other answer would be the same next time.
            retry = error.code in (408, 429) or error.code >= 500
            return False, retry, f"HTTP {error.code}: {error.read()[:500].decode('utf-8', 'replace')}"
        except Exception as error:  # unreachable, refused, timed out, reset
            return False, True, f"{type(error).__name__}: {error}"


_forwarders: Dict[Tuple[str, str], Forwarder] = {}
_forwarders_lock = threading.Lock()


def _forwarder(url: str, key: str, **options: Any) -> Forwarder:
    with _forwarders_lock:
        found = _forwarders.get((url, key))
        if found is None:
            found = _forwarders[(url, key)] = Forwarder(url, key, **options)
        return found


def stats() -> Dict[str, Dict[str, Any]]:
    """Counters of every forwarder of this process, by URL."""
    with _forwarders_lock:
        return {url: f.stats() for (url, _), f in _forwarders.items()}


def flush(timeout: float = 2.0) -> None:
    with _forwarders_lock:
        forwarders = list(_forwarders.values())
    for f in forwarders:
        f.flush(timeout)


atexit.register(flush)


def _call_agent(agent: Any, env: Any, event: Any) -> AsyncIterator[Any]:
    # As line.agent.call_agent: a class with process(), or a callable.
    if hasattr(agent, "process"):
        return agent.process(env, event)
    return agent(env, event)


class _Wrapped:
    def __init__(self, agent: Any, forwarder: Forwarder, call_id: str, flush_timeout: float) -> None:
        self.agent = agent
        self.forwarder = forwarder
        self.call_id = call_id
        self.flush_timeout = flush_timeout

    def __getattr__(self, name: str) -> Any:
        # Whatever else the inner agent offers stays reachable.
        return getattr(self.agent, name)

    def stats(self) -> Dict[str, Any]:
        return self.forwarder.stats()

    async def process(self, env: Any, event: Any) -> AsyncIterator[Any]:
        token = _current_call.set(self.call_id)
        try:
            # ConversationRunner fills responding_to with the triggering event's id at its boundary.
            triggering = getattr(event, "event_id", None)
            async for output in _call_agent(self.agent, env, event):
                try:
                    frame = frame_of(output, triggering)
                    if frame is not None:
                        frame["timestamp"] = _now()
                        self.forwarder.put(self.call_id, frame)
                except Exception:
                    pass  # forwarding never breaks the agent
                yield output
        finally:
            _current_call.reset(token)
        if getattr(event, "type", None) == "call_ended":
            import asyncio

            # Off the event loop: the agent's other work goes on while the last items are sent.
            await asyncio.get_running_loop().run_in_executor(None, self.forwarder.flush, self.flush_timeout)

    def __call__(self, env: Any, event: Any) -> AsyncIterator[Any]:
        return self.process(env, event)


def wrap(
    agent: Any,
    url: str,
    key: str,
    call_id: str,
    *,
    flush_timeout: float = 2.0,
    **options: Any,
) -> _Wrapped:
    """An agent that yields what `agent` yields and forwards its telemetry for `call_id`.

    `call_id` is the CallRequest's call_id that VoiceAgentApp passes to get_agent.
    `options` tune the shared sender: max_queue, batch_size, interval, timeout, max_backoff.
    """
    return _Wrapped(agent, _forwarder(url, key, **options), call_id, flush_timeout)


def callscope_sink(url: str, key: str, call_id: Optional[str] = None, **options: Any) -> Callable[[Any], None]:
    """A loguru sink: `logger.add(callscope_sink(url=…, key=…))`.

    Each statement goes to the call named by `call_id`, else by the record's
    extra `call_id` (logger.bind / logger.contextualize), else to the call whose
    agent code is running (inside a wrapped agent); other statements are not sent.
    """
    forwarder = _forwarder(url, key, **options)

    def sink(message: Any) -> None:
        record = message.record
        extra = dict(record["extra"])
        target = call_id or extra.pop("call_id", None) or _current_call.get()
        if not target:
            return
        text = record["message"]
        exception = record["exception"]
        if exception is not None:
            # The traceback belongs to the statement: one multi-line record.
            trace = "".join(traceback.format_exception(exception.type, exception.value, exception.traceback))
            text = f"{text}\n{trace.rstrip()}"
        item = {
            "type": "log",
            "level": record["level"].name,
            "message": text[:_MAX_LOG_CHARS],
            "timestamp": record["time"].astimezone(_dt.timezone.utc).isoformat(timespec="microseconds"),
            "source": f"{record['name']}:{record['function']}:{record['line']}",
            "extra": _json_safe(extra),
            "id": uuid.uuid4().hex,
        }
        forwarder.put(str(target), item)

    return sink
