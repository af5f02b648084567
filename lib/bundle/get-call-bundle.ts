// Everything needed to debug one call, read once: the call as the API gives
// it, its webhook deliveries (stored redacted; the secret that came with them
// is never kept), and its deployment. The zip bundle and the MCP resource are
// both made from this, so they hold the same data.
import type { Pool } from "pg";
import { type CallDetail, type DeliveryView, getCall, getCallDeliveries } from "@/lib/calls/get-call";
import { callDetailJson, type CallJson } from "@/lib/calls/call-json";
import type { Db } from "@/lib/db/types";
import { deploymentJson } from "@/lib/deployments/deployment-json";
import { toJson, toTxt } from "@/lib/export/transcript-formats";
import pkg from "@/package.json";

export const BUNDLE_DELIVERY_LIMIT = 10_000;

export type CallBundle = {
  call: CallDetail;
  deliveries: DeliveryView[];
  deployment: ReturnType<typeof deploymentJson> | null;
};

export async function getCallBundle(pool: Pool, db: Db, id: string): Promise<CallBundle | null> {
  const call = await getCall(pool, id);
  if (!call) return null;
  const [deliveries, deployment] = await Promise.all([
    getCallDeliveries(pool, id, BUNDLE_DELIVERY_LIMIT),
    call.deploymentId ? db.deployment.findUnique({ where: { id: call.deploymentId } }) : null,
  ]);
  return { call, deliveries, deployment: deployment ? deploymentJson(deployment) : null };
}

const deliveryJson = (d: DeliveryView) => ({
  id: d.id,
  type: d.type,
  outcome: d.outcome,
  received_at: d.receivedAt.toISOString(),
  event_time: d.eventTime,
  payload: d.payload,
});

/** The deployment the call ran on, with the version Cartesia named for the call itself. */
function deploymentFile(bundle: CallBundle) {
  return {
    deployment_id: bundle.call.deploymentId,
    call_deployment_version_id: bundle.call.cartesia.deploymentVersionId,
    call_deployment_region: bundle.call.cartesia.deploymentRegion,
    deployment: bundle.deployment,
  };
}

function logsText(call: CallDetail): string {
  const lines = call.events
    .filter((e) => e.kind === "log")
    .map((e) => `${e.wallTime ?? e.receivedAt} ${e.atS === null ? "" : `[${e.atS.toFixed(3)} s] `}${(e.level ?? "log").toUpperCase()} ${e.message ?? ""}`);
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** The bundle as one JSON value: the MCP resource callscope://calls/{id}. */
export function callBundleJson(bundle: CallBundle) {
  const call: CallJson = callDetailJson(bundle.call);
  return {
    callscope_version: pkg.version,
    call,
    transcript: toTxt(bundle.call, bundle.call.turns, null),
    events: call.events.filter((e) => e.type !== "log"),
    logs: call.events.filter((e) => e.type === "log"),
    webhook_deliveries: bundle.deliveries.map(deliveryJson),
    conversation: bundle.call.conversation,
    deployment: deploymentFile(bundle),
  };
}

export type BundleFile = { name: string; content: string; about: string };

/** The text files of the zip, each with the line README.txt gives it. */
export function bundleFiles(bundle: CallBundle): BundleFile[] {
  const { call } = bundle;
  const json = callDetailJson(call);
  const events = json.events.filter((e) => e.type !== "log");
  return [
    { name: "call.json", content: JSON.stringify(json, null, 2), about: "the call as GET /api/v1/calls/{id} gives it: header, transcript, tool calls, events" },
    {
      name: "transcript.txt",
      content: toTxt(call, call.turns, call.events),
      about: "the transcript with speaker and time, with events and log lines on the same timeline",
    },
    {
      name: "transcript.json",
      content: JSON.stringify(toJson(call, true), null, 2),
      about: "the transcript with every turn field, as the JSON transcript export",
    },
    {
      name: "events.ndjson",
      content: events.map((e) => JSON.stringify(e)).join("\n") + (events.length ? "\n" : ""),
      about: "the agent's log events and metrics, one JSON object a line",
    },
    { name: "logs.txt", content: logsText(call), about: "the agent's logging statements: wall time, place on the audio timeline, level, message" },
    {
      name: "webhook-deliveries.json",
      content: JSON.stringify(bundle.deliveries.map(deliveryJson), null, 2),
      about: "the webhook deliveries received for the call, as stored (redacted; webhook secrets are never kept)",
    },
    {
      name: "conversation.json",
      content: JSON.stringify(call.conversation, null, 2),
      about: "what the caller heard: response gaps, dead air, talk-over (null until measured)",
    },
    {
      name: "deployment.json",
      content: JSON.stringify(deploymentFile(bundle), null, 2),
      about: "the deployment the call ran on, and the version Cartesia named for the call",
    },
  ];
}

export function readmeText(bundle: CallBundle, files: BundleFile[], recording: string | null, recordingNote: string): string {
  const width = Math.max(...files.map((f) => f.name.length), recording?.length ?? 0, "README.txt".length) + 2;
  const line = (name: string, about: string) => `  ${name.padEnd(width)}${about}`;
  const c = bundle.call;
  return [
    `Debug bundle of call ${c.id}`,
    `Made by Callscope ${pkg.version} at ${new Date().toISOString()}.`,
    "",
    `Agent: ${c.agentId ?? "unknown"}${c.agentName ? ` (${c.agentName})` : ""}`,
    `Deployment: ${c.deploymentId ?? "unknown"}${c.cartesia.deploymentVersionId ? `, version ${c.cartesia.deploymentVersionId}` : ""}`,
    `Status: ${c.status}${c.endReason ? `, ended: ${c.endReason}` : ""}${c.errorMessage ? `, error: ${c.errorMessage}` : ""}`,
    `Started: ${c.startTime?.toISOString() ?? "unknown"}`,
    "",
    "Files:",
    ...files.map((f) => line(f.name, f.about)),
    recording
      ? line(recording, `the recording (${c.recording?.contentType}, ${c.recording?.bytes} bytes, sha256 ${c.recording?.sha256})`)
      : `  (no recording: ${recordingNote})`,
    line("README.txt", "this file"),
    "",
    "Personal data was redacted by Callscope's policy before it was stored; what you see here is what the API shows.",
    "",
  ].join("\n");
}
