"""Writes sample log lines as a Line agent's loguru, and Python's logging, really print them.

    python3 integrations/line/samples/make_samples.py OUT_DIR

Writes, in OUT_DIR:
  loguru-default.log   loguru's default format, no colour (as Cartesia's call logs keep it)
  loguru-colour.log    the same with ANSI colour codes (a terminal's stderr)
  loguru-json.log      loguru's serialize=True JSON lines, with `extra`
  logging-default.log  Python logging's default format (LEVEL:name:message)
  logging-asctime.log  logging.basicConfig formats with asctime
Every file has each level loguru knows, a custom level, a multi-line message and a
traceback from logger.exception. Times are local, as loguru writes them; the
process runs with TZ=UTC unless the caller sets another TZ.
"""

import io
import logging
import os
import sys

from loguru import logger


def agent_turns(log):
    log.trace("trace: audio frame 481 queued")
    log.debug("debug: VAD speech start at 1.20 s")
    log.info('<- 🤖🗣️ Agent said: "Hello, Marco\'s Pizzeria"')
    log.success("success: order 1042 placed")
    log.warning("warning: calendar API slow: 412 ms")
    log.error("error: payment declined, code 51")
    log.critical("critical: LLM provider unreachable")
    log.log("TOOL", "custom: lookup_menu(item='margherita')")
    log.info("two lines:\nsecond line of the same message")
    try:
        divide(1, 0)
    except ZeroDivisionError:
        log.exception("exception: could not split the bill")
    log.info("after the traceback")


def divide(a, b):
    return a / b


def loguru_file(path, **options):
    logger.remove()
    stream = io.StringIO()
    logger.add(stream, level="TRACE", **options)
    bound = logger.bind(call_id="MZsample", turn=3) if options.get("serialize") else logger
    agent_turns(bound)
    logger.remove()
    with open(path, "w", encoding="utf-8") as out:
        out.write(stream.getvalue())


def logging_file(path, fmt):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    log = logging.getLogger("line.voice_agent_app")
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG)
    log.propagate = False
    log.debug("debug: VAD speech start at 1.20 s")
    log.info("info: agent said hello")
    log.warning("warning: calendar API slow: 412 ms")
    log.error("error: payment declined, code 51")
    log.critical("critical: LLM provider unreachable")
    try:
        divide(1, 0)
    except ZeroDivisionError:
        log.exception("exception: could not split the bill")
    log.info("after the traceback")
    with open(path, "a", encoding="utf-8") as out:
        out.write(stream.getvalue())


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    logger.level("TOOL", no=25, color="<magenta>")
    # loguru's default format, as `logger` prints it with no format configured.
    loguru_file(os.path.join(out, "loguru-default.log"), colorize=False)
    loguru_file(os.path.join(out, "loguru-colour.log"), colorize=True)
    loguru_file(os.path.join(out, "loguru-json.log"), serialize=True)
    default = os.path.join(out, "logging-default.log")
    asctime = os.path.join(out, "logging-asctime.log")
    for path in (default, asctime):
        open(path, "w").close()
    logging_file(default, logging.BASIC_FORMAT)
    logging_file(asctime, "%(asctime)s %(levelname)s %(message)s")
    logging_file(asctime, "%(asctime)s %(levelname)s:%(name)s:%(message)s")
    logging_file(asctime, "%(asctime)s - %(name)s - %(levelname)s - %(message)s")


if __name__ == "__main__":
    main()
