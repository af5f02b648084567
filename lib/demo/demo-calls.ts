// Realistic calls for `npm run demo`: three agents, two deployments of one of
// them (the newer one slower to speak, and heard later still than its
// timestamps say), varied latencies, tool calls, events, metrics, log lines,
// failures, dead air and talk-over. Deterministic for a given seed.

export type DemoTurn = {
  role: "assistant" | "user";
  text: string;
  start: number;
  end: number;
  ttfb?: number;
  /** a user turn's speech-to-text time to first byte, seconds */
  sttTtfb?: number;
  /** an assistant turn's endpointing wait, ms */
  vadBufferMs?: number;
  /** an assistant turn's LLM time to first output, ms, logged as `llm.name` answering the user turn before it */
  llm?: { name: string; ms: number };
  /** seconds the agent's speech starts later in the recording than its timestamp says: a wait the caller heard */
  heardDelay?: number;
  tool?: { name: string; arguments: unknown; result: string };
};
export type DemoCall = {
  id: string;
  agentId: string;
  deploymentId: string | null;
  start: Date;
  failed: boolean;
  turns: DemoTurn[];
  summary: string;
  from: string;
  to: string;
};

const SCRIPTS: Record<string, { lines: [string, string][]; tool: { name: string; arguments: unknown; result: string }; summary: string }> = {
  agent_riverside_dental: {
    lines: [
      ["Hi there! I'm Savannah from Riverside Dental. How can I help you today?", "Hi, I'd like to move my cleaning appointment to next week."],
      ["Sure. Can I have your date of birth to find your booking?", "March fourth, nineteen eighty-six."],
      ["Thanks. I found it: Tuesday at 9 AM. Does next Tuesday at the same time work?", "Yes, that works perfectly."],
      ["Great, you're booked for next Tuesday at 9 AM. Anything else?", "No, that's all. Thank you!"],
    ],
    tool: { name: "lookup_booking", arguments: { dob: "1986-03-04" }, result: '{"found": true, "slot": "Tue 09:00"}' },
    summary: "Caller moved a cleaning appointment to the following Tuesday at 9 AM.",
  },
  agent_acme_support: {
    lines: [
      ["Thanks for calling Acme support, this is Max. What can I do for you?", "My router keeps dropping the connection every evening."],
      ["I'm sorry about that. Can you read me the serial number on the back?", "It's A C M E, seven seven four two."],
      ["Thanks. I see a firmware update pending. I'll push it now, it takes two minutes.", "Okay, I'll wait."],
      ["Done. The router will restart once. Anything else I can help with?", "No, thanks a lot."],
    ],
    tool: { name: "push_firmware", arguments: { serial: "ACME7742" }, result: '{"status": "queued", "eta_s": 120}' },
    summary: "Caller reported evening connection drops; a pending firmware update was pushed.",
  },
  agent_luigis_pizza: {
    lines: [
      ["Ciao! Luigi's Pizza, what can I get you today?", "A large margherita and a garlic bread, please."],
      ["Large margherita and garlic bread. Delivery or pickup?", "Delivery to 12 Elm Street."],
      ["That's 24 dollars 50, about 35 minutes. Shall I place the order?", "Yes please."],
    ],
    tool: {
      name: "place_order",
      arguments: { items: ["margherita-l", "garlic-bread"], address: "12 Elm Street" },
      result: '{"order_id": "LP-4411", "eta_min": 35}',
    },
    summary: "Caller ordered a large margherita and garlic bread for delivery to 12 Elm Street.",
  },
};

export const DEMO_AGENTS = Object.keys(SCRIPTS);

/**
 * Which stages of the wait each agent's turns carry, so that every state of
 * the waterfall shows: the dental agent all four, the support agent only
 * Cartesia's speech-to-text and text-to-speech, the pizzeria text-to-speech
 * and its LLM under Line's second name (llm_first_text_ms).
 */
const STAGE_PROFILES: Record<string, { vad: boolean; stt: boolean; llm: string | null }> = {
  agent_riverside_dental: { vad: true, stt: true, llm: "llm_first_chunk_ms" },
  agent_acme_support: { vad: false, stt: true, llm: null },
  agent_luigis_pizza: { vad: false, stt: false, llm: "llm_first_text_ms" },
};
export const DEMO_DEPLOYMENTS = [
  { id: "dep_demo_dental_v1", agentId: "agent_riverside_dental", git: "4f2c9e1", daysAgo: 8, live: false },
  { id: "dep_demo_dental_v2", agentId: "agent_riverside_dental", git: "9b71d3a", daysAgo: 3, live: true },
];

function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

export function demoCalls(count: number, now = new Date(), seed = 42): DemoCall[] {
  const rnd = random(seed);
  const calls: DemoCall[] = [];
  for (let i = 0; i < count; i++) {
    const agentId = DEMO_AGENTS[i % DEMO_AGENTS.length];
    const script = SCRIPTS[agentId];
    // Spread over the last 7 days, the first few within the last hour.
    const ageS = i < 5 ? i * 600 + rnd() * 300 : rnd() * 7 * 86400;
    const start = new Date(now.getTime() - ageS * 1000);
    let deploymentId: string | null = null;
    if (agentId === "agent_riverside_dental") {
      deploymentId = ageS > 3 * 86400 ? DEMO_DEPLOYMENTS[0].id : DEMO_DEPLOYMENTS[1].id;
    }
    // The newer dental deployment is slower to start speaking.
    const slow = deploymentId === DEMO_DEPLOYMENTS[1].id ? 0.18 : 0;
    const failed = i % 9 === 4;
    const turns: DemoTurn[] = [];
    let t = 0.8 + rnd() * 0.6;
    const lines = failed ? script.lines.slice(0, 1) : script.lines;
    const profile = STAGE_PROFILES[agentId];
    // The stages of the wait before the next answer, drawn when the caller stops speaking.
    let pending: { vadBufferMs?: number; llm?: { name: string; ms: number } } = {};
    let pendingTtfb: number | null = null;
    lines.forEach(([agentLine, userLine], k) => {
      const ttfb = pendingTtfb ?? 0.16 + slow + rnd() * 0.22 + (rnd() < 0.06 ? 0.5 : 0);
      const agentEnd = t + 1.6 + agentLine.length / 18;
      // On the slower deployment the caller hears some answers a little after their timestamps.
      const heardDelay = slow && k > 0 && rnd() < 0.5 ? round(0.08 + rnd() * 0.12) : undefined;
      turns.push({
        role: "assistant",
        text: agentLine,
        start: round(t),
        end: round(agentEnd),
        ttfb: round(ttfb, 4),
        heardDelay,
        tool: k === 1 ? script.tool : undefined,
        ...(k > 0 ? pending : {}),
      });
      t = agentEnd + 0.4 + rnd() * 0.5;
      // Now and then the caller thinks for a while (dead air), or starts before the agent has finished (talk-over).
      if (k === 1 && i % 5 === 2) t += 2.2 + rnd() * 1.5;
      if (k === 2 && i % 7 === 3) t = agentEnd - 0.5;
      if (failed) return;
      const userEnd = t + 1.2 + userLine.length / 16;
      const sttTtfb = profile.stt ? round(0.07 + rnd() * 0.09, 4) : undefined;
      turns.push({ role: "user", text: userLine, start: round(t), end: round(userEnd), sttTtfb });
      // The next answer waits for its stages, then a little more that none of them explains.
      const vadBufferMs = profile.vad ? Math.round(180 + rnd() * 120) : undefined;
      const llmMs = Math.round(260 + rnd() * 240 + (rnd() < 0.08 ? 650 : 0));
      const nextTtfb = 0.16 + slow + rnd() * 0.22;
      pending = { vadBufferMs, llm: profile.llm ? { name: profile.llm, ms: llmMs } : undefined };
      pendingTtfb = nextTtfb;
      t = userEnd + ((vadBufferMs ?? 0) + (sttTtfb ?? 0) * 1000 + llmMs) / 1000 + nextTtfb + 0.03 + rnd() * 0.12;
    });
    calls.push({
      id: `MZdemo${(0x10000000 + i * 7919 + seed).toString(16)}${i.toString(16).padStart(4, "0")}`,
      agentId,
      deploymentId,
      start,
      failed,
      turns,
      summary: script.summary,
      from: `+1555555${String(1000 + ((i * 37) % 9000)).slice(0, 4)}`,
      to: "+15555550123",
    });
  }
  return calls;
}

function round(n: number, digits = 3) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
