import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createThreadClient, IngestThreadFailed } from "@/lib/ingest/cartesia-webhook/ingest-thread-client";

// Threads from source text: each answers with what it was sent, in the shape of the writer thread's replies.
const echo = `
const { parentPort } = require("node:worker_threads");
const held = [];
parentPort.on("message", ({ id, body, secretId }) => {
  const text = Buffer.from(body).toString("utf8");
  const answer = { status: 200, body: { text, secretId, thread: require("node:worker_threads").threadId } };
  if (text === "hold") return held.push(id);
  if (text === "crash") process.exit(3);
  if (text === "fail") return parentPort.postMessage({ id, error: "it went wrong" });
  parentPort.postMessage({ id, value: answer });
  // Replies may come back in any order: the held ones go last.
  for (const h of held.splice(0)) parentPort.postMessage({ id: h, value: { status: 200, body: { text: "held", secretId, thread: 0 } } });
});`;

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe("the writer thread's client", () => {
  it("matches each answer to its request, whatever order they come back in, and moves the body", async () => {
    const { send } = createThreadClient(() => new Worker(echo, { eval: true }));
    const body = bytes("hold");
    const first = send(body, "s1");
    expect(body.byteLength).toBe(0);
    const second = await send(bytes("héllo 🎧"), null);
    expect(second).toMatchObject({ status: 200, body: { text: "héllo 🎧", secretId: null } });
    expect(await first).toMatchObject({ body: { text: "held", secretId: null } });
  });

  it("rejects with the thread's error message without replacing a thread that still runs", async () => {
    let started = 0;
    const { send } = createThreadClient(() => (started++, new Worker(echo, { eval: true })));
    await expect(send(bytes("fail"), null)).rejects.toThrow("it went wrong");
    await send(bytes("ok"), null);
    expect(started).toBe(1);
  });

  it("fails what a crashed thread held, and starts a new thread for the next delivery", async () => {
    let started = 0;
    const { send } = createThreadClient(() => (started++, new Worker(echo, { eval: true })));
    const before = (await send(bytes("a"), null)).body as { thread: number };
    const held = send(bytes("hold"), null);
    const crash = send(bytes("crash"), null);
    await expect(crash).rejects.toBeInstanceOf(IngestThreadFailed);
    await expect(held).rejects.toThrow("exit code 3");
    const after = (await send(bytes("b"), null)).body as { thread: number };
    expect(started).toBe(2);
    expect(after.thread).not.toBe(before.thread);
  });
});
