"""Drives a Line agent wrapped by callscope_line, as ConversationRunner would, and prints what happened as JSON.

    python3 line_forwarder_check.py reachable   URL KEY CALL_ID
    python3 line_forwarder_check.py unreachable URL KEY CALL_ID

reachable: the agent's events, metrics, tool calls and logging statements go to
Callscope (the caller checks them through the read API). unreachable: Callscope
cannot be reached; the wrapped agent's output is compared with the unwrapped
agent's, with the arrival time of each output, and the drop counter.

Uses Line's own event classes when the SDK is installed, else the test double
in line_events.py (which follows line/events.py); and the real loguru.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "integrations", "line"))
sys.path.insert(0, HERE)

# Line's event classes, as `sdk.CallStarted` and so on: the SDK's own, else the test double.
try:  # the real SDK (needs pydantic 2)
    import line.events as sdk  # type: ignore

    EVENTS = "line"
except Exception:
    import line_events as sdk  # noqa: E402

    EVENTS = "test double"

from loguru import logger  # noqa: E402

import callscope_line  # noqa: E402


class SupportAgent:
    """A small agent: greets, looks an order up with a tool, transfers, ends the call."""

    async def process(self, env, event):
        if event.type == "call_started":
            logger.info("call started")
            yield sdk.AgentSendText(text="Hello! How can I help?")
            yield sdk.LogMetric(name="greeting_ms", value=182.5)
            yield sdk.LogMetric(name="first_question", value="yes")
            yield sdk.LogMetric(name="caller_flags", value={"vip": True, "tags": ["returning"]})
            yield sdk.LogMessage(name="payment", level="error", message="card declined", metadata={"code": 51, "card": {"brand": "visa", "checks": [1, 2]}})
            yield sdk.LogMessage(name="note", level="info", message="no metadata")
        elif event.type == "user_turn_ended":
            args = {"order_id": "A-1043", "lines": [1, 2], "gift": False}
            yield sdk.AgentToolCalled(tool_call_id="tc_1", tool_name="lookup_order", tool_args=args)
            await asyncio.sleep(0.12)
            yield sdk.AgentToolReturned(tool_call_id="tc_1", tool_name="lookup_order", tool_args=args, result={"status": "shipped"})
            logger.warning("order lookup slow")
            logger.debug("lookup details", order="A-1043")
            logger.success("order found")
            try:
                1 / 0
            except ZeroDivisionError:
                logger.exception("tool post-processing failed")
            yield sdk.AgentSendText(text="It has shipped. Let me transfer you.")
            yield sdk.AgentTransferCall(target_phone_number="+15551234567")
            yield sdk.AgentEndCall(reason="agent_ended")


class StreamingAgent:
    """Streams many events with a little work between them, as an LLM agent does."""

    def __init__(self, count: int) -> None:
        self.count = count

    async def process(self, env, event):
        if event.type != "call_started":
            return
        for i in range(self.count):
            await asyncio.sleep(0.002)
            if i % 2:
                yield sdk.LogMetric(name="tick", value=i)
            else:
                yield sdk.LogMessage(name="step", level="info", message=f"step {i}", metadata={"i": i})
        yield sdk.AgentEndCall()


def same(a, b) -> bool:
    dump = lambda e: e.model_dump() if hasattr(e, "model_dump") else vars(e)  # noqa: E731
    return type(a) is type(b) and dump(a) == dump(b)


async def drive(agent, events):
    """Each input event's outputs in order, with the seconds from the start at which each arrived."""
    outputs, arrivals = [], []
    start = time.perf_counter()
    for event in events:
        async for output in agent.process(None, event):
            outputs.append(output)
            arrivals.append(time.perf_counter() - start)
    return outputs, arrivals, time.perf_counter() - start


async def reachable(url: str, key: str, call_id: str) -> dict:
    logger.remove()
    logger.add(callscope_line.callscope_sink(url=url, key=key), level="TRACE")
    started, user_turn, ended = sdk.CallStarted(), sdk.UserTurnEnded(content=[sdk.UserTextSent(content="Where is my order?")]), sdk.CallEnded()
    inner = SupportAgent()
    wrapped = callscope_line.wrap(inner, url=url, key=key, call_id=call_id)
    outputs, _, _ = await drive(wrapped, [started, user_turn, ended])
    expected, _, _ = await drive(SupportAgent(), [started, user_turn, ended])
    # A statement outside any wrapped agent goes to the call it is bound to.
    logger.bind(call_id=call_id).info("after the call")
    callscope_line.flush(5)
    return {
        "events": EVENTS,
        "outputs_equal": len(outputs) == len(expected) and all(same(a, b) for a, b in zip(outputs, expected)),
        "output_types": [type(o).__name__ for o in outputs],
        "call_started_id": started.event_id,
        "user_turn_id": user_turn.event_id,
        "stats": wrapped.stats(),
    }


async def unreachable(url: str, key: str, call_id: str) -> dict:
    count = 300
    logger.remove()
    logger.add(callscope_line.callscope_sink(url=url, key=key, max_queue=50, batch_size=20), level="INFO")
    events = [sdk.CallStarted(), sdk.CallEnded()]
    # Plain and wrapped runs alternate, and each side keeps its best time per output, so that
    # a busy moment of a shared machine does not count against either side.
    plain, wrapped_runs, equal = [], [], True
    for _ in range(3):
        expected, arrivals, total = await drive(StreamingAgent(count), events)
        plain.append((arrivals, total))
        wrapped = callscope_line.wrap(StreamingAgent(count), url=url, key=key, call_id=call_id, max_queue=50, batch_size=20)
        outputs, arrivals, total = await drive(wrapped, events)
        wrapped_runs.append((arrivals, total))
        equal = equal and len(outputs) == len(expected) and all(same(a, b) for a, b in zip(outputs, expected))
    best = lambda runs: [min(r[0][i] for r in runs) for i in range(len(runs[0][0]))]  # noqa: E731
    lags = [w - p for w, p in zip(best(wrapped_runs), best(plain))]
    return {
        "events": EVENTS,
        "outputs_equal": equal,
        "count": len(wrapped_runs[0][0]),
        "plain_total_s": min(r[1] for r in plain),
        "wrapped_total_s": min(r[1] for r in wrapped_runs),
        "max_lag_s": max(lags),
        "stats": wrapped.stats(),
    }


def main() -> None:
    mode, url, key, call_id = sys.argv[1:5]
    result = asyncio.run(reachable(url, key, call_id) if mode == "reachable" else unreachable(url, key, call_id))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
