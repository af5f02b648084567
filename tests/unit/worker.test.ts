// The background loops' one way to treat failures: a database that is away
// is waited out quietly, anything else is logged once a minute while it
// repeats, and every round is counted by outcome; and how a loop yields to
// busy ingest and catches up after.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { BUSY_SHARE, ingestActivity } from "@/lib/jobs/ingest-activity";
import { type Loop, startLoop, workerRounds } from "@/lib/jobs/worker";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });
const rounds = async (loop: string) => {
  const { values } = await workerRounds().get();
  return Object.fromEntries(values.filter((v) => v.labels.loop === loop).map((v) => [v.labels.outcome, v.value]));
};
const until = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("isDatabaseUnavailable", () => {
  it("knows a server that is going away, not there yet, or out of connections", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006", "08001", "53300"]) expect(isDatabaseUnavailable(pgError(code))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    // Node's connect error to every address of localhost: an AggregateError of ECONNREFUSED, with no message of its own.
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })], ""))).toBe(true);
  });

  it("takes every other error for a real one", () => {
    for (const code of ["42601", "23505", "40P01", "22P02"]) expect(isDatabaseUnavailable(pgError(code, "syntax error at or near"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("a string")).toBe(false);
  });
});

describe("startLoop", () => {
  const timers: NodeJS.Timeout[] = [];
  afterEach(() => {
    for (const t of timers.splice(0)) clearInterval(t);
    vi.restoreAllMocks();
  });
  /** Starts a loop of its own every 2 ms, stopped after the test; its name. */
  const started = (label: string, loop: Pick<Loop, "prepare" | "tick">) => {
    const name = `${label} ${Date.now()}`;
    timers.push(startLoop({ name, everyMs: 2, ...loop }));
    return name;
  };

  it("logs a repeated failure once, waits out an outage quietly, and counts each round", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let n = 0;
    const name = started("test loop", {
      tick: async () => {
        n++;
        if (n <= 3) throw pgError("57P01", "terminating connection due to administrator command");
        if (n <= 8) throw new Error("the monitor table is missing");
      },
    });
    await until(async () => ((await rounds(name)).ok ?? 0) >= 2);
    expect(await rounds(name)).toMatchObject({ database_away: 3, failed: 5 });
    expect(errors.mock.calls.map((c) => c[0])).toEqual([`[callscope] ${name}: the monitor table is missing`]);
  });

  it("prepares a loop until it has once succeeded, and runs no round before", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let prepares = 0;
    let ticks = 0;
    const name = started("prepared loop", {
      prepare: async () => {
        if (++prepares < 3) throw pgError("08006", "connection failure");
      },
      tick: async () => {
        expect(prepares).toBe(3);
        ticks++;
      },
    });
    await until(async () => ticks >= 3);
    expect(prepares).toBe(3);
    expect(await rounds(name)).toMatchObject({ database_away: 2, failed: 0 });
  });

  it("never runs two rounds of a loop at once, and starts a loop once per process", async () => {
    let running = 0;
    let most = 0;
    const name = `slow loop ${Date.now()}`;
    const loop = {
      name,
      everyMs: 1,
      tick: async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
      },
    };
    const timer = startLoop(loop);
    timers.push(timer);
    expect(startLoop(loop)).toBe(timer);
    await until(async () => ((await rounds(name)).ok ?? 0) >= 3);
    expect(most).toBe(1);
  });
});

describe("yielding to ingest", () => {
  const timers: NodeJS.Timeout[] = [];
  afterEach(() => {
    for (const t of timers.splice(0)) clearInterval(t);
  });

  it("paces and cuts short a loop's rounds while ingest is busy, and catches up after", async () => {
    let busy = true;
    const queue = Array.from({ length: 400 }, (_, i) => i);
    const rounds: { busy: boolean; took: number }[] = [];
    const name = `yielding loop ${Date.now()}`;
    timers.push(
      startLoop(
        {
          name,
          everyMs: 2,
          yieldWhile: () => busy,
          tick: async (round) => {
            let took = 0;
            while (queue.length && !round.yielding()) {
              queue.pop();
              took++;
              await new Promise((r) => setTimeout(r, 1));
            }
            rounds.push({ busy: round.busy, took });
          },
        },
        { everyMs: 100, sliceMs: 10 },
      ),
    );
    await new Promise((r) => setTimeout(r, 450));
    const underLoad = rounds.length;
    // A round every 100 ms at most (not every 2 ms), each stopped after its 10 ms: the work moves, slowly.
    expect(underLoad).toBeGreaterThanOrEqual(2);
    expect(underLoad).toBeLessThanOrEqual(6);
    expect(rounds.every((r) => r.busy && r.took >= 1 && r.took <= 15)).toBe(true);
    expect(queue.length).toBeGreaterThan(300);
    busy = false;
    await until(async () => rounds.reduce((n, r) => n + r.took, 0) === 400);
    expect(queue.length).toBe(0);
    // Once ingest is quiet, one round takes all that is left (the one running then stops yielding too).
    expect(rounds.slice(underLoad).some((r) => r.took > 300)).toBe(true);
  });
});

describe("ingestActivity", () => {
  it("is the share of the last whole second with a delivery in flight", () => {
    const activity = ingestActivity(0);
    expect(activity.share(500)).toBe(0);
    // In flight 0–300 and 600–800 (two at once for part of it): 500 ms of the first second.
    activity.started(0);
    activity.ended(300);
    activity.started(600);
    activity.started(650);
    activity.ended(700);
    activity.ended(800);
    expect(activity.share(999)).toBe(0); // the first second is not over yet
    expect(activity.share(1000)).toBe(0.5);
    // One delivery held from 1,900 across the end of the second: 100 ms of it, then all of the next.
    activity.started(1900);
    expect(activity.share(2000)).toBeCloseTo(0.1);
    expect(activity.share(3000)).toBe(1);
    activity.ended(3500);
    // Long quiet: the last whole second held none.
    expect(activity.share(6000)).toBe(0);
  });

  it("counts a busy second as busy, and a trickle of deliveries as quiet", () => {
    const activity = ingestActivity(0);
    // Five deliveries of 20 ms in a second: 10 %.
    for (let t = 0; t < 1000; t += 200) {
      activity.started(t);
      activity.ended(t + 20);
    }
    expect(activity.share(1000)).toBeCloseTo(0.1);
    expect(activity.share(1000)).toBeLessThan(BUSY_SHARE);
  });
});
