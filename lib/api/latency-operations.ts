// The OpenAPI operation of GET /api/v1/latency, from the zod schemas of its
// query and answer.
import { z } from "zod";
import { type LatencyReportJson, latencyReportSchema } from "@/lib/latency/latency-json";

const output = (s: z.ZodType) => z.toJSONSchema(s, { io: "output", unrepresentable: "any", target: "draft-2020-12" });
const errorRef = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

const query = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: "query", required: false, description, schema });

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

export const LATENCY_EXAMPLE: LatencyReportJson = {
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

export function latencyOperations() {
  return {
    "/api/v1/latency": {
      get: {
        summary: "Latency percentiles over time, by agent, deployment and version, per stage of the wait, with the comparison of deployments",
        description:
          "The latency page's figures. `stages` splits the wait before each answered turn (heard in the recording when there is one, otherwise from the timestamps) into endpointing, speech-to-text, LLM, text-to-speech and the unattributed rest, per agent, deployment or deployment version, with each deployment's per-stage shifts against the previous one (95% bootstrap intervals). The stage figures are also metrics of their own (stage_llm, …) for `metric`.",
        parameters: [
          query("range", "6h, 24h, 7d (default) or 30d, ending now", { type: "string", enum: ["6h", "24h", "7d", "30d"] }),
          query("agent_id", "one or more agents, comma-separated or repeated", { type: "string" }),
          query("deployment_id", "one or more deployments, comma-separated or repeated", { type: "string" }),
          query(
            "metric",
            "tts_ttfb (default), stt_ttfb, response_gap, heard_gap, stage_wait, stage_endpointing, stage_stt, stage_llm, stage_tts, stage_unattributed, or a logged metric named *_ms",
            {
              type: "string",
            },
          ),
          query("threshold", "ms; the share of values above it is given per group (default 600)", { type: "integer", minimum: 1, maximum: 60000 }),
          query("group", "version adds by_version (exact, over the raw values)", { type: "string", enum: ["deployment", "version"] }),
          query("stages", "the stage waterfalls per agent (default), deployment or version", { type: "string", enum: ["agent", "deployment", "version"] }),
          query("tz", "IANA time zone of day buckets (default UTC)", { type: "string", maxLength: 64 }),
        ],
        responses: {
          "200": { description: "The figures", content: { "application/json": { schema: output(latencyReportSchema), example: LATENCY_EXAMPLE } } },
          "400": errorRef("A query parameter is not valid; details lists which"),
          "401": errorRef("Missing or wrong credentials"),
          "403": errorRef("The key's role does not allow this"),
          "503": errorRef("Database unreachable"),
        },
      },
    },
  };
}
