// callscope latency: percentiles, and where the answered turns' waits went
import { type Command, Option } from "commander";
import { API_FILTER_NAMES } from "../../lib/calls/api-filter-names";
import type { LatencyReportJson } from "@/lib/latency/latency-json";
import { getJson } from "../client";
import { conn } from "../command-options";
import { table } from "../table";

export function registerLatency(program: Command) {
  const RANGES = ["6h", "24h", "7d", "30d"];
  program
    .command("latency")
    .description("latency percentiles by agent and deployment, and where the answered turns' waits went (per stage)")
    .addOption(new Option("--range <range>", "the range, ending now").choices(RANGES).default("7d"))
    .option("--agent <id...>", "only these agents")
    .option("--deployment <id...>", "only these deployments")
    .option("--metric <name>", "tts_ttfb, stt_ttfb, response_gap, heard_gap, stage_llm, … or a logged *_ms metric", "tts_ttfb")
    .addOption(new Option("--stages <group>", "one stage waterfall per").choices(["agent", "deployment", "version"]).default("agent"))
    .option("--tz <zone>", "IANA time zone of day buckets", "UTC")
    .option("--json", "machine-readable output (the API's answer)")
    .action(async (options, command: Command) => {
      const params = new URLSearchParams({ range: options.range, metric: options.metric, stages: options.stages, tz: options.tz });
      for (const a of options.agent ?? []) params.append(API_FILTER_NAMES.agent, a);
      for (const d of options.deployment ?? []) params.append(API_FILTER_NAMES.deployment, d);
      const report = await getJson<LatencyReportJson>(conn(command), `/api/v1/latency?${params}`);
      if (options.json) return console.log(JSON.stringify(report, null, 2));
      const round = (v: number | null | undefined) => (v === null || v === undefined ? null : `${Math.round(v)} ms`);
      const shift = (s: LatencyReportJson["by_deployment"][number]["p95_shift"]) =>
        s ? `${s.change > 0 ? "+" : ""}${Math.round(s.change)} ms${s.significant ? "" : " (noise)"}` : null;
      console.log(`${report.metric}, ${report.range} (${report.from.slice(0, 16)} to ${report.to.slice(0, 16)} UTC)\n`);
      if (!report.by_agent.length) console.log(`No ${report.metric} values in this range.`);
      else {
        console.log(
          table(
            ["AGENT", "VALUES", "P50", "P95", "P99"],
            report.by_agent.map((r) => [r.key, r.values, round(r.p50), round(r.p95), round(r.p99)]),
          ),
        );
        if (report.by_deployment.length) {
          console.log("");
          console.log(
            table(
              ["DEPLOYMENT", "AGENT", "VALUES", "P50", "P95", "P95 VS PREVIOUS"],
              report.by_deployment.map((r) => [
                r.key,
                r.agent_id,
                r.values,
                round(r.p50),
                round(r.p95),
                r.previous_deployment_id ? shift(r.p95_shift) : "first",
              ]),
            ),
          );
        }
      }
      const stages = report.stages;
      console.log(`\nWhere the time went (per ${stages.group}; each stage's own percentile)\n`);
      if (!stages.groups.length) console.log("No answered turn measured in this range.");
      else
        console.log(
          table(
            [stages.group.toUpperCase(), "", "WAIT", "ENDPOINTING", "STT", "LLM", "TTS", "UNATTRIBUTED"],
            stages.groups.flatMap((g) =>
              (["p50", "p95"] as const).map((p) => [
                p === "p50" ? g.label : "",
                p,
                round(g[p].wait_ms),
                round(g[p].endpointing_ms),
                round(g[p].stt_ms),
                round(g[p].llm_ms),
                round(g[p].tts_ms),
                round(g[p].unattributed_ms),
              ]),
            ),
          ),
        );
      for (const c of stages.comparisons) if (c.sentence) console.log(`\n${c.sentence}`);
    });
}
