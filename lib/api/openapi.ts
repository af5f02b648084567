// The OpenAPI 3.1 document of Callscope's HTTP API, built from the same zod
// schemas that validate requests, so the document cannot drift from the code.
import { z } from "zod";
import { deploymentSchema } from "@/lib/deployments/deployment-schema";
import { telemetryItem } from "@/lib/ingest/telemetry/schema";
import { knownDeliverySchema } from "@/lib/ingest/webhook/schema";
import pkg from "@/package.json";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (bad JSON, bad parameter)",
  401: "Missing or wrong credentials",
  403: "The key's role does not allow this",
  404: "Not found",
  413: "Body over the size limit",
  415: "Unsupported Content-Type",
  416: "Range not satisfiable",
  409: "Already exists",
  422: "Valid JSON that does not match the schema; details lists the failing paths",
  429: "Too many failed authentications from this address; retry after Retry-After seconds",
  503: "Database unreachable; nothing was stored. Retry after Retry-After seconds",
};

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const callId = { name: "callId", in: "path", required: true, schema: { type: "string", maxLength: 256 } };
const deploymentId = { name: "deploymentId", in: "path", required: true, schema: { type: "string", maxLength: 256 } };
const idempotency = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "A batch sent twice with the same key is stored once." };
const q = (name: string, description: string, type = "string") => ({ name, in: "query", required: false, schema: { type }, description });

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Callscope API",
      version: pkg.version,
      description: "Ingest and read the calls of Cartesia Line voice agents. Bearer API keys are created in Settings → API keys; the read and admin endpoints also accept a signed-in console session. Failed authentications are limited per client address (429 with Retry-After).",
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer <key>" },
        webhookSecret: { type: "apiKey", in: "header", name: "x-webhook-secret" },
      },
      schemas: {
        Error: errorSchema,
        WebhookDelivery: schema(knownDeliverySchema),
        TelemetryItem: schema(telemetryItem),
        TelemetryBatch: { oneOf: [{ $ref: "#/components/schemas/TelemetryItem" }, { type: "array", items: { $ref: "#/components/schemas/TelemetryItem" } }] },
        Deployment: schema(deploymentSchema),
        IngestResult: {
          type: "object",
          properties: {
            call_id: { type: "string" },
            received: { type: "integer" },
            accepted: { type: "integer" },
            stored: { type: "integer" },
            duplicates: { type: "integer" },
            failed: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, errors: { type: "array" } } } },
          },
        },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/api/webhooks/cartesia": {
        post: {
          summary: "Receive a Cartesia call webhook",
          description: "call_started, call_completed, call_failed (seed shape with `body`, or typed `call`), call_turn, post_call_analysis. Unknown types are stored and answered 200. A retried delivery is answered 200 with outcome `duplicate`.",
          security: [{ webhookSecret: [] }],
          requestBody: { required: true, content: json("WebhookDelivery") },
          responses: { "200": { description: "Stored durably: outcome applied, duplicate or unknown_type" }, ...errors(400, 401, 413, 422, 503) },
        },
      },
      "/api/v1/calls/{callId}/events": {
        post: {
          summary: "Send log events, metrics and log lines of a call",
          description: "One object, a JSON array, or NDJSON (application/x-ndjson). Valid items are stored even when others fail. Items with an `id` are stored once. A call not seen yet is created as a placeholder.",
          parameters: [callId, idempotency],
          requestBody: {
            required: true,
            content: { ...json("TelemetryBatch"), "application/x-ndjson": { schema: { type: "string", description: "one TelemetryItem per line" } } },
          },
          responses: { "200": { description: "Counts of accepted, stored and failed items", content: json("IngestResult") }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        },
      },
      "/api/v1/calls/{callId}/logs": {
        post: {
          summary: "Send the agent's logging statements for a call",
          description: "text/plain (one statement per line; Python logging's time and level are read from the line) or JSON: an array of strings or {level, message, timestamp} objects, or Cartesia's {call_id, logs: [...]}.",
          parameters: [callId, idempotency],
          requestBody: { required: true, content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: {} } } } },
          responses: { "200": { description: "Counts", content: json("IngestResult") }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        },
      },
      "/api/v1/calls/{callId}/recording": {
        put: {
          summary: "Upload the call's recording",
          description: "The audio as the body, streamed to storage. audio/wav, audio/mpeg, audio/ogg or audio/webm.",
          parameters: [callId],
          requestBody: { required: true, content: { "audio/wav": { schema: { type: "string", format: "binary" } }, "audio/mpeg": {}, "audio/ogg": {}, "audio/webm": {} } },
          responses: { "201": { description: "Stored: bytes, sha256, duration_s" }, ...errors(400, 401, 403, 413, 415, 503) },
        },
        get: {
          summary: "Download the call's recording",
          description: "Supports Range requests (206). ?download=1 adds Content-Disposition: attachment.",
          parameters: [callId, q("download", "1 to download as <call id>.<ext>")],
          responses: { "200": { description: "The audio" }, "206": { description: "A byte range of the audio" }, ...errors(401, 404, 416) },
        },
      },
      "/api/v1/calls": {
        get: {
          summary: "List calls",
          parameters: [
            q("agent_id", "agent id; repeat or comma-separate for several"),
            q("status", "status; repeatable"),
            q("deployment_id", "deployment id; repeatable"),
            q("from", "RFC 3339 time or date"),
            q("to", "RFC 3339 time or date"),
            q("q", "text search over transcripts"),
            q("sort", "newest (default), oldest, longest, slowest"),
            q("limit", "1..200, default 50", "integer"),
            q("cursor", "next_page of the previous answer"),
          ],
          responses: { "200": { description: "{ data: [Call], next_page: string | null }" }, ...errors(400, 401, 403) },
        },
      },
      "/api/v1/calls/{callId}": {
        get: { summary: "One call with its transcript, tool calls and events", parameters: [callId], responses: { "200": { description: "Call" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/agents": { get: { summary: "Agents with call counts and latency", responses: { "200": { description: "{ data: [Agent] }" }, ...errors(401, 403) } } },
      "/api/v1/deployments": {
        get: { summary: "Deployments with call counts and latency", parameters: [q("agent_id", "only this agent's")], responses: { "200": { description: "{ data: [Deployment] }" }, ...errors(401, 403) } },
      },
      "/api/v1/deployments/{deploymentId}": {
        put: {
          summary: "Create or update a deployment",
          parameters: [deploymentId],
          requestBody: { required: true, content: json("Deployment") },
          responses: { "200": { description: "Updated" }, "201": { description: "Created" }, ...errors(400, 401, 403, 413, 422, 503) },
        },
        get: { summary: "One deployment", parameters: [deploymentId], responses: { "200": { description: "Deployment" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/deployments/{deploymentId}/logs": {
        post: {
          summary: "Append log lines to a deployment",
          parameters: [deploymentId],
          requestBody: { required: true, content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: { type: "string" } } } } },
          responses: { "200": { description: "{ appended }" }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        },
      },
      "/api/v1/keys": {
        get: { summary: "API keys (never their values). Admins only", responses: { "200": { description: "{ data: [Key] }" }, ...errors(401, 403) } },
        post: {
          summary: "Create an API key; its value is answered once. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["label", "role"], properties: { label: { type: "string" }, role: { enum: ["ingest", "member", "admin"] } } } } } },
          responses: { "201": { description: "{ id, label, role, key }" }, ...errors(400, 401, 403, 422) },
        },
      },
      "/api/v1/keys/{keyId}": {
        delete: { summary: "Revoke an API key. Admins only", parameters: [{ name: "keyId", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Revoked" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/users": {
        get: { summary: "Console users. Admins only", responses: { "200": { description: "{ data: [User] }" }, ...errors(401, 403) } },
        post: {
          summary: "Create a console user; without a password one is generated and answered once. Admins only",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" }, name: { type: "string" }, password: { type: "string", minLength: 8, maxLength: 128 }, role: { enum: ["admin", "member"] } } } } },
          },
          responses: { "201": { description: "{ id, email, role, password? }" }, ...errors(400, 401, 403, 409, 422) },
        },
      },
      "/api/health": { get: { summary: "Database reachable, migrations applied, version", security: [], responses: { "200": { description: "Healthy" }, "503": { description: "Not healthy" } } } },
    },
  };
}
