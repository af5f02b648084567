// The OpenAPI 3.1 document of Callscope's HTTP API. Each domain describes its
// operations beside its handlers, from the same zod schemas that validate the
// requests (lib/<domain>/*-openapi.ts); this file only puts the pieces together.
import { agentsOpenApi } from "@/lib/agents/agents-openapi";
import { auditOpenApi } from "@/lib/audit/audit-openapi";
import { keysOpenApi } from "@/lib/auth/keys-openapi";
import { usersOpenApi } from "@/lib/auth/users-openapi";
import { batchesOpenApi } from "@/lib/batches/batches-openapi";
import { bundleOpenApi } from "@/lib/bundle/bundle-openapi";
import { callsOpenApi } from "@/lib/calls/calls-openapi";
import { causesOpenApi } from "@/lib/causes/causes-openapi";
import { deploymentsOpenApi } from "@/lib/deployments/deployments-openapi";
import { evaluationsOpenApi } from "@/lib/evaluations/evaluations-openapi";
import { exportOpenApi } from "@/lib/export/export-openapi";
import { healthOpenApi } from "@/lib/health/health-openapi";
import { telemetryOpenApi } from "@/lib/ingest/telemetry/telemetry-openapi";
import { webhookOpenApi } from "@/lib/ingest/cartesia-webhook/webhook-openapi";
import { latencyOpenApi } from "@/lib/latency/latency-openapi";
import { streamOpenApi } from "@/lib/live/stream-openapi";
import { mcpOpenApi } from "@/lib/mcp/mcp-openapi";
import { metricsOpenApi } from "@/lib/metrics/metrics-openapi";
import { monitorsOpenApi } from "@/lib/monitors/monitors-openapi";
import { erasureOpenApi } from "@/lib/privacy/erasure-openapi";
import { recordingsOpenApi } from "@/lib/recordings/recordings-openapi";
import { syncOpenApi } from "@/lib/sync/sync-openapi";
import pkg from "@/package.json";
import { type ApiPiece, deepFreeze, ERROR_SCHEMA, mergeUnique } from "./openapi-parts";

const thisDocument = (): ApiPiece => ({
  paths: { "/api/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } } },
});

/** In the order the API reference lists them. */
const PIECES = [
  streamOpenApi,
  causesOpenApi,
  webhookOpenApi,
  telemetryOpenApi,
  recordingsOpenApi,
  callsOpenApi,
  exportOpenApi,
  bundleOpenApi,
  syncOpenApi,
  evaluationsOpenApi,
  latencyOpenApi,
  thisDocument,
  agentsOpenApi,
  batchesOpenApi,
  deploymentsOpenApi,
  keysOpenApi,
  usersOpenApi,
  auditOpenApi,
  erasureOpenApi,
  monitorsOpenApi,
  metricsOpenApi,
  mcpOpenApi,
  healthOpenApi,
];

/** Built once per module copy and frozen: the routes that serve it are public, and the document only changes with the code. */
let built: ReturnType<typeof build> | undefined;

function build() {
  const pieces = PIECES.map((piece) => piece());
  // The examples stay apart and unfrozen: beside each is the zod schema it must match.
  return { document: deepFreeze(assemble(pieces)), examples: pieces.flatMap((p) => p.examples ?? []) };
}

export const openApiDocument = () => (built ??= build()).document;

/** Each example beside the schema it must match: the test parses them. */
export const openApiExamples = () => (built ??= build()).examples;

function assemble(pieces: ApiPiece[]) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Callscope API",
      version: pkg.version,
      description:
        "Ingest and read the calls of Cartesia Line voice agents. Bearer API keys are created in Settings → API keys; the read and admin endpoints also accept a signed-in console session. Failed authentications are limited per client address (429 with Retry-After).",
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer <key>" },
        webhookSecret: { type: "apiKey", in: "header", name: "x-webhook-secret" },
      },
      schemas: mergeUnique([{ Error: ERROR_SCHEMA }, ...pieces.map((p) => p.schemas ?? {})], "schema"),
    },
    security: [{ apiKey: [] }],
    paths: mergeUnique(
      pieces.map((p) => p.paths),
      "path",
    ),
  };
}
