// API keys for the telemetry and read APIs and the CLI: `Authorization: Bearer <key>`.
// Stored as sha256 hashes; the key itself is shown once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/types";

export const API_KEY_ROLES = ["admin", "member", "ingest"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function newApiKeyValue(): string {
  return `cs_${randomBytes(24).toString("base64url")}`;
}

/** The agents an ingest key is bound to: Cartesia's agent ids, at most 100; none means any agent. */
export const agentIdsSchema = z.array(z.string().trim().min(1).max(256)).max(100);

/** Agent ids typed as one text (commas or spaces between them), as the console's form and the scripts take them. */
export function splitAgentIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** The one role a key may be bound to agents with. */
export const AGENT_BINDING_ROLE: ApiKeyRole = "ingest";

/** What POST /api/v1/keys takes. */
export const createKeySchema = z
  .object({
    label: z.string().trim().min(1).max(100),
    role: z.enum(API_KEY_ROLES),
    agent_ids: agentIdsSchema.optional().describe("ingest keys only: the key is refused (403) for calls and deployments of any other agent"),
  })
  .refine((k) => !k.agent_ids?.length || k.role === AGENT_BINDING_ROLE, {
    path: ["agent_ids"],
    message: "only ingest keys can be bound to agents: member and admin keys read every call",
  });

export class ApiKeyError extends Error {}

/** Creates a key; `value` is for provisioning a known key, otherwise a random one is made. Only ingest keys can be bound to agents. */
export async function createApiKey(db: Db, options: { label: string; role: ApiKeyRole; value?: string; agentIds?: string[] }) {
  const agentIds = agentIdsSchema.parse([...new Set(options.agentIds ?? [])]);
  if (agentIds.length && options.role !== AGENT_BINDING_ROLE)
    throw new ApiKeyError("Only ingest keys can be bound to agents: member and admin keys read every call.");
  const key = options.value ?? newApiKeyValue();
  const row = await db.apiKey.create({
    data: { id: randomUUID(), label: options.label, role: options.role, hash: hashApiKey(key), hint: key.slice(0, 7), agentIds },
  });
  return { ...row, key };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, role: true, hint: true, agentIds: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiKey(db: Db, id: string) {
  const result = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count > 0;
}
