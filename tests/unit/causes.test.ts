import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callCauses, causeId, toolError } from "@/lib/causes/call-causes";
import { normaliseMessage, readTraceback } from "@/lib/causes/normalise-message";

const SETTINGS = { badEndReasons: ["error", "system_error"], deadAirS: 8 };
const finished = { status: "completed", errorMessage: null, endReason: "agent_ended" };

const uuid = fc.uuid();
const digits = fc.integer({ min: 0, max: 10_000_000 }).map(String);
const word = fc.stringMatching(/^[a-z]{1,10}$/);

describe("normaliseMessage", () => {
  it("groups messages that differ only in numbers, ids, UUIDs, quoted values, durations, phone numbers and query strings", () => {
    const template = (n: string, ms: string, id: string, u: string, quoted: string, query: string, phone: string) =>
      `Timeout after ${ms} ms calling https://api.example.com/v1/book?${query}=${n} for call MZ${n}ab${n} (${u}) '${quoted}' from +1 650 ${phone.padStart(7, "1").slice(0, 3)} ${phone.padStart(7, "1").slice(3, 7)} id ${id}`;
    fc.assert(
      fc.property(
        fc.tuple(digits, digits, fc.stringMatching(/^[a-f][a-f0-9]{7,19}$/), uuid, word, word, digits),
        fc.tuple(digits, digits, fc.stringMatching(/^[a-f][a-f0-9]{7,19}$/), uuid, word, word, digits),
        (a, b) => {
          const [n1, ms1, id1, u1, q1, k1, p1] = a;
          const [n2, ms2, id2, u2, q2, k2, p2] = b;
          expect(normaliseMessage(template(n1, ms1, `${id1}1`, u1, q1, k1, p1))).toBe(normaliseMessage(template(n2, ms2, `${id2}1`, u2, q2, k2, p2)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the issue's two timeouts one title, and keeps different messages apart", () => {
    expect(normaliseMessage("Timeout after 3012 ms calling https://x/y?id=9")).toBe(normaliseMessage("Timeout after 2998 ms calling https://x/y?id=12"));
    expect(normaliseMessage("Timeout after 3012 ms calling https://x/y?id=9")).toBe("Timeout after <duration> calling https://x/y");
    expect(normaliseMessage("LLM provider returned 503")).not.toBe(normaliseMessage("STT provider returned 503"));
    expect(normaliseMessage("calling https://x/y")).not.toBe(normaliseMessage("calling https://x/z"));
    // Model names and versions with a single digit are words, not ids.
    expect(normaliseMessage("gpt-4o-mini rate limited")).toBe("gpt-4o-mini rate limited");
    // Prefixed ids with fewer than two digits are ids all the same; snake_case and hyphenated words are not.
    for (const id of ["req_ead2eefdaa", "req_abdcfadbfb", "sess-AbCdEfGhIjKlMn", "tok_9QzXkLmNpRsT", "job-deadbeefcafe"])
      expect(normaliseMessage(`request ${id} failed`)).toBe("request <id> failed");
    for (const words of ["max_duration_exceeded", "speech-recognition failed", "tool_LookupBooking", "text-to-speech"])
      expect(normaliseMessage(words)).toBe(words);
  });

  it("is idempotent, bounded in length, and leaves no digit run of an id or a number", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (text) => {
        const once = normaliseMessage(text);
        expect(normaliseMessage(once)).toBe(once);
        expect(once.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(word, digits, uuid), { minLength: 1, maxLength: 30 }), (parts) => {
        expect(normaliseMessage(parts.join(" "))).not.toMatch(/\d{2,}/);
      }),
    );
  });

  it("groups random prefixed ids, whatever their digits", () => {
    const base62 = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/).filter((s) => /\d/.test(s) || (s.match(/[A-Z]/g)?.length ?? 0) >= 4);
    fc.assert(
      fc.property(base62, base62, fc.stringMatching(/^[0-9a-f]{10}$/), (a, b, hex) => {
        expect(normaliseMessage(`payment failed for req_${a}`)).toBe(normaliseMessage(`payment failed for req_${b}`));
        expect(normaliseMessage(`lookup req_${hex} timed out`)).toBe("lookup <id> timed out");
      }),
      { numRuns: 300 },
    );
  });

  it("takes linear time on adversarial input", () => {
    const inputs = [
      "a_".repeat(2000),
      "a-b1".repeat(1000),
      "1".repeat(4000),
      "a1".repeat(2000),
      `${"'".repeat(2000)}`,
      `http://${"a".repeat(3990)}?`,
      "1-".repeat(2000),
      "0x".repeat(2000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      normaliseMessage(input);
      // Far above the linear cost (well under a millisecond); a quadratic pattern takes seconds.
      expect(performance.now() - started).toBeLessThan(250);
    }
  });
});

const traceback = (line: number, message: string, file = "/app/agent/tools.py") => `Traceback (most recent call last):
  File "/usr/lib/python3.11/asyncio/tasks.py", line 277, in __step
  File "${file}", line ${line}, in book_table
    reply = await client.post(url)
  File "/app/agent/client.py", line ${line + 7}, in post
  File "/srv/venv/lib/python3.11/site-packages/httpx/_client.py", line 1599, in send
httpx.ReadTimeout: ${message}`;

describe("readTraceback", () => {
  it("groups by the exception and the agent's own last frames, not line numbers or the message", () => {
    const a = readTraceback(traceback(88, "timed out after 5000 ms"))!;
    const b = readTraceback(traceback(91, "timed out after 7120 ms"))!;
    expect(a).toEqual({ exception: "httpx.ReadTimeout", message: "timed out after 5000 ms", frames: ["tools.py:book_table", "client.py:post"] });
    expect(b.frames).toEqual(a.frames);
    const [ca] = callCauses(finished, [{ id: 1, kind: "log", name: null, level: "ERROR", message: traceback(88, "x"), offsetS: 1 }], [], null, SETTINGS);
    const [cb] = callCauses(
      finished,
      [{ id: 2, kind: "log", name: null, level: "error", message: traceback(120, "other words"), offsetS: 2 }],
      [],
      null,
      SETTINGS,
    );
    expect(ca.causeId).toBe(cb.causeId);
    const [cc] = callCauses(
      finished,
      [{ id: 3, kind: "log", name: null, level: "error", message: traceback(88, "x", "/app/agent/menu.py"), offsetS: 2 }],
      [],
      null,
      SETTINGS,
    );
    expect(cc.causeId).not.toBe(ca.causeId);
    expect(ca.title).toBe("httpx.ReadTimeout: x (in client.py:post)");
  });

  it("reads loguru's framed tracebacks, and returns null for plain text", () => {
    const loguru = traceback(10, "boom")
      .split("\n")
      .map((l, i) => (i === 0 ? l : `│ ${l}`))
      .join("\n")
      .replace('File "/app/agent/client.py"', '> File "/app/agent/client.py"');
    expect(readTraceback(loguru)?.frames).toEqual(["tools.py:book_table", "client.py:post"]);
    expect(readTraceback("no traceback here")).toBeNull();
  });
});

describe("callCauses", () => {
  it("finds each kind once per call, with the event or tool call that shows it", () => {
    const causes = callCauses(
      { status: "failed", errorMessage: "LLM provider returned 503", endReason: "system_error" },
      [
        { id: 7, kind: "log", name: null, level: "INFO", message: "fine", offsetS: 1 },
        { id: 8, kind: "log_event", name: "booking_failed", level: "error", message: "slot 14 gone", offsetS: 2 },
        { id: 9, kind: "log_event", name: "booking_failed", level: "error", message: "slot 15 gone", offsetS: 3 },
        { id: 10, kind: "transfer", name: null, level: null, message: "transfer failed: busy", offsetS: 4 },
      ],
      [
        { id: 20, name: "check_slot", result: "Error: timeout after 3000 ms", state: "returned", offsetS: 5 },
        { id: 21, name: "check_slot", result: { error: { message: "timeout after 2900 ms" } }, state: "returned", offsetS: 6 },
        { id: 22, name: "check_slot", result: { slots: ["9:00"] }, state: "returned", offsetS: 7 },
        { id: 23, name: "send_sms", result: null, state: "called", offsetS: 8 },
      ],
      {
        deadAir: [
          { start: 10, end: 13 },
          { start: 20, end: 29.5 },
        ],
      },
      SETTINGS,
    );
    expect(causes.map((c) => [c.kind, c.tool, c.title, c.eventId ?? c.toolCallId])).toEqual([
      ["cartesia_error", null, "LLM provider returned <n>", null],
      ["agent_error", null, "booking_failed: slot <n> gone", "8"],
      ["transfer_failed", null, "transfer failed: busy", "10"],
      ["tool_error", "check_slot", "check_slot: Error: timeout after <duration>", "20"],
      ["tool_error", "check_slot", "check_slot: timeout after <duration>", "21"],
      ["tool_error", "send_sms", "send_sms: no result returned before the call ended", "23"],
      ["end_reason", null, "system_error", null],
      ["dead_air", null, "Dead air of 8 s or more", null],
    ]);
    expect(causes.find((c) => c.kind === "dead_air")?.offsetS).toBe(20);
  });

  it("gives a healthy call no cause, and a failed call with nothing to say one", () => {
    expect(
      callCauses(finished, [], [{ id: 1, name: "t", result: "ok, booked", state: "returned", offsetS: 1 }], { deadAir: [{ start: 1, end: 8.9 }] }, SETTINGS),
    ).toEqual([]);
    const [only] = callCauses({ status: "failed", errorMessage: null, endReason: null }, [], [], null, SETTINGS);
    expect(only.kind).toBe("unexplained_failure");
  });

  it("names a cause by its fingerprint alone", () => {
    expect(causeId("tool_error", "a", "x")).toBe(causeId("tool_error", "a", "x"));
    expect(causeId("tool_error", "a", "x")).not.toBe(causeId("tool_error", "b", "x"));
    expect(causeId("tool_error", null, "x")).not.toBe(causeId("agent_error", null, "x"));
    expect(causeId("agent_error", null, "x")).toMatch(/^cause_[0-9a-f]{16}$/);
  });

  it("reads tool errors in the shapes tools return them", () => {
    expect(toolError('{"error": "quota exceeded"}')).toBe("quota exceeded");
    expect(toolError({ ok: false, message: "no table" })).toBe("no table");
    expect(toolError({ is_error: true })).toBe("the tool reported an error");
    expect(toolError("Traceback (most recent call last):\n ...")).not.toBeNull();
    expect(toolError("Booked for 7 pm; no errors")).toBeNull();
    expect(toolError({ result: "fine" })).toBeNull();
    expect(toolError(null)).toBeNull();
  });
});
