// npm run bench -- [startup] [ingest] [telemetry] [console] [latency] [export] [conversation] [monitors] [retention] [ingest-scale] [bundle] [redact] [stream] [hostile] [problems] [growth] [partitions] [--then-named] [--sizes N,N] [--calls N] [--seconds N] [--samples N]
// Runs the named benchmarks (all when none is named) and writes their
// results to bench/results/. Every figure is reported against a baseline
// measured in the same run.
import { parseArgs } from "node:util";
import { ensureBuild } from "../scripts/ensure-build";
import { runBundle } from "./bundle";
import { runConsole } from "./console";
import { runConversation } from "./conversation";
import { runIngest } from "./ingest";
import { runIngestAtScale } from "./ingest-scale";
import { runExport } from "./export";
import { GROWTH_SIZES, runGrowth } from "./growth";
import { runHostile } from "./hostile";
import { runLatency } from "./latency";
import { runMonitors } from "./monitors";
import { runPartitions } from "./partitions";
import { runProblems } from "./problems";
import { runRedact } from "./redact";
import { runRetentionBench } from "./retention";
import { runTelemetry } from "./telemetry";
import { runStartup } from "./startup";
import { runStream } from "./stream";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    calls: { type: "string", default: "200000" },
    seconds: { type: "string", default: "10" },
    samples: { type: "string" },
    sizes: { type: "string" },
    "then-named": { type: "boolean" },
  },
});
const known = [
  "startup",
  "ingest",
  "telemetry",
  "console",
  "latency",
  "export",
  "conversation",
  "monitors",
  "retention",
  "ingest-scale",
  "bundle",
  "redact",
  "stream",
  "hostile",
  "problems",
  "growth",
  "partitions",
];
// The growth curve runs every size (1M calls among them), the partition conversion seeds its own set: only when named.
const names = positionals.length ? positionals : known.filter((name) => name !== "growth" && name !== "partitions");
for (const name of names) {
  if (!known.includes(name)) {
    console.error(`Unknown benchmark "${name}". Known: ${known.join(", ")}.`);
    process.exit(2);
  }
}
// Redaction and the partition conversion are measured in-process: they need no build.
if (names.some((name) => name !== "redact" && name !== "partitions")) ensureBuild();
for (const name of names) {
  console.log(`\n== ${name}`);
  if (name === "startup") await runStartup();
  if (name === "ingest") await runIngest(Number(values.seconds));
  if (name === "console") await runConsole(Number(values.calls), values.samples ? Number(values.samples) : undefined);
  if (name === "telemetry") await runTelemetry(Number(values.seconds));
  if (name === "export") await runExport();
  if (name === "conversation") await runConversation(values.samples ? Number(values.samples) : undefined);
  if (name === "monitors") await runMonitors(Number(values.calls), values.samples ? Number(values.samples) : undefined);
  if (name === "ingest-scale") await runIngestAtScale(Number(values.seconds), Number(values.calls));
  if (name === "retention") await runRetentionBench(Number(values.seconds));
  if (name === "bundle") await runBundle();
  if (name === "redact") await runRedact();
  if (name === "stream") await runStream();
  if (name === "hostile") await runHostile(Number(values.seconds));
  // The Problems page is measured at a million calls unless --calls says otherwise.
  if (name === "problems")
    await runProblems(
      process.argv.includes("--calls") ? Number(values.calls) : 1_000_000,
      Number(values.seconds),
      values.samples ? Number(values.samples) : undefined,
    );
  if (name === "growth")
    await runGrowth(
      values.sizes ? values.sizes.split(",").map(Number) : GROWTH_SIZES,
      values.samples ? Number(values.samples) : undefined,
      Number(values.seconds),
    );
  // The baseline of the writers runs 15 s unless --seconds says otherwise; --then-named: once refused, they write naming call_month.
  if (name === "partitions")
    await runPartitions(Number(values.calls), process.argv.includes("--seconds") ? Number(values.seconds) : 15, 4, values["then-named"] ?? false);
  if (name === "latency") await runLatency(Number(values.calls), values.samples ? Number(values.samples) : undefined);
}
