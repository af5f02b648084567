"""A Line agent whose telemetry reaches Callscope: copy this file and callscope_line.py next to your main.py.

    CALLSCOPE_URL=https://callscope.example.com CALLSCOPE_API_KEY=cs_… python main.py

The key is an `ingest` key (Settings → API keys, or `npm run keys -- create --label my-agent --role ingest`).
"""

import os

from line.agent import AgentEnv
from line.events import AgentEndCall, AgentSendText, LogMessage, LogMetric
from line.voice_agent_app import CallRequest, VoiceAgentApp
from loguru import logger

from callscope_line import callscope_sink, wrap

URL = os.environ["CALLSCOPE_URL"]
KEY = os.environ["CALLSCOPE_API_KEY"]

# Logging statements (yours and the SDK's) made while a wrapped agent runs go to its call.
logger.add(callscope_sink(url=URL, key=KEY), level="DEBUG")


class Agent:
    async def process(self, env, event):
        if event.type == "call_started":
            logger.info("greeting the caller")
            yield AgentSendText(text="Hello! How can I help?")
            yield LogMetric(name="greeting_sent", value=True)
        elif event.type == "user_turn_ended":
            yield LogMessage(name="turn", level="info", message="caller answered", metadata={"turns": len(event.history or [])})
            yield AgentEndCall()


async def get_agent(env: AgentEnv, call_request: CallRequest):
    return wrap(Agent(), url=URL, key=KEY, call_id=call_request.call_id)


app = VoiceAgentApp(get_agent=get_agent)

if __name__ == "__main__":
    app.run()
