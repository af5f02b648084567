// The latency report's part of the OpenAPI document: GET /api/v1/latency,
// from the zod schemas of its query and answer.
import { type ApiPiece, errorAnswer, operation, outputSchema } from "@/lib/api/openapi-parts";
import { type LatencyReportJson, latencyQuerySchema, latencyReportSchema } from "./latency-json";

const stages = (wait: number, e: number | null, s: number | null, l: number | null, t: number | null) => ({
  wait_ms: wait,
  endpointing_ms: e,
  stt_ms: s,
  llm_ms: l,
  tts_ms: t,
  unattributed_ms: wait - (e ?? 0) - (s ?? 0) - (l ?? 0) - (t ?? 0),
});
const shift = (before: number, after: number, low: number, high: number) => ({
  before,
  after,
  change: after - before,
  low,
  high,
  significant: low > 0 || high < 0,
});
const group = { key: "agent_pizzeria", agent_id: "agent_pizzeria", values: 1200, p50: 231, p95: 402, p99: 588, max: 1210, over_threshold: 0.012 };
const row = { bucket: "2025-07-04T00:00:00.000Z", values: 420, p50: 228, p90: 350, p95: 398, p99: 570 };

const LATENCY_EXAMPLE: LatencyReportJson = {
  metric: "tts_ttfb",
  range: "7d",
  from: "2025-06-27T12:00:00.000Z",
  to: "2025-07-04T12:00:00.000Z",
  time_zone: "UTC",
  bucket: "day",
  series: [row],
  by_agent: [group],
  by_deployment: [{ ...group, key: "dep_v42", previous_deployment_id: "dep_v41", p50_shift: shift(210, 231, 12, 30), p95_shift: shift(330, 402, 50, 95) }],
  by_version: null,
  stages: {
    group: "agent",
    groups: [
      {
        key: "agent_pizzeria",
        label: "agent_pizzeria",
        agent_id: "agent_pizzeria",
        answered_turns: 980,
        p50: stages(1050, 300, 120, 410, 205),
        p95: stages(1710, 420, 190, 760, 330),
        values: { wait_ms: 980, endpointing_ms: 980, stt_ms: 980, llm_ms: 610, tts_ms: 980, unattributed_ms: 980 },
      },
    ],
    series: { wait_ms: [row], endpointing_ms: [], stt_ms: [], llm_ms: [], tts_ms: [], unattributed_ms: [] },
    comparisons: [
      {
        deployment_id: "dep_v42",
        previous_deployment_id: "dep_v41",
        sentence: "v42 is 310 ms slower at p95 than v41; text-to-speech accounts for 260 ms of it.",
        p50: { wait_ms: shift(980, 1050, 40, 100), endpointing_ms: null, stt_ms: null, llm_ms: null, tts_ms: shift(150, 205, 40, 70), unattributed_ms: null },
        p95: {
          wait_ms: shift(1400, 1710, 250, 370),
          endpointing_ms: null,
          stt_ms: null,
          llm_ms: shift(720, 760, -20, 90),
          tts_ms: shift(70, 330, 220, 300),
          unattributed_ms: null,
        },
      },
    ],
  },
};

export function latencyOpenApi(): ApiPiece {
  return {
    examples: [[latencyReportSchema, LATENCY_EXAMPLE]],
    paths: {
      "/api/v1/latency": {
        get: operation({
          summary: "Latency percentiles over time, by agent, deployment and version, per stage of the wait, with the comparison of deployments",
          description:
            "The latency page's figures. `stages` splits the wait before each answered turn (heard in the recording when there is one, otherwise from the timestamps) into endpointing, speech-to-text, LLM, text-to-speech and the unattributed rest, per agent, deployment or deployment version, with each deployment's per-stage shifts against the previous one (95% bootstrap intervals). The stage figures are also metrics of their own (stage_llm, …) for `metric`.",
          query: latencyQuerySchema,
          responses: {
            "200": { description: "The figures", content: { "application/json": { schema: outputSchema(latencyReportSchema), example: LATENCY_EXAMPLE } } },
            "400": errorAnswer("A query parameter is not valid; details lists which"),
            "401": errorAnswer("Missing or wrong credentials"),
            "403": errorAnswer("The key's role does not allow this"),
            "503": errorAnswer("Database unreachable"),
          },
        }),
      },
    },
  };
}
