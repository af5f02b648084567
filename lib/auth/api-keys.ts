// API keys for the telemetry and read APIs and the CLI: `Authorization: Bearer <key>`.
// Stored as sha256 hashes; the key itself is shown once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import { processSingleton } from "@/lib/process-singleton";

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

export type ActiveApiKey = { id: string; role: ApiKeyRole; agentIds: string[] };

/**
 * Keys found are remembered for a few seconds, so that ingest does not read
 * the key table on every request. As with webhook secrets, a key revoked on
 * one instance stops working there at once and on the others within
 * KEY_TTL_MS; a key not found is never remembered, so a new key works at
 * once everywhere (and guessing is rate-limited before it gets here).
 */
export const KEY_TTL_MS = 5_000;
const MAX_REMEMBERED = 1_000;
const remembered = () => processSingleton("api-keys", () => new Map<string, { at: number; key: ActiveApiKey }>());

/** The unrevoked key with this hash, or null. */
export async function findActiveApiKey(db: Db, hash: string, now = Date.now()): Promise<ActiveApiKey | null> {
  const keys = remembered();
  const held = keys.get(hash);
  if (held && now - held.at < KEY_TTL_MS) return held.key;
  keys.delete(hash);
  const row = await db.apiKey.findUnique({ where: { hash }, select: { id: true, role: true, revokedAt: true, agentIds: true } });
  if (!row || row.revokedAt) return null;
  const key = { id: row.id, role: row.role as ApiKeyRole, agentIds: row.agentIds };
  // The oldest goes first once the map is full: a Map keeps the order keys were set in.
  if (keys.size >= MAX_REMEMBERED) keys.delete(keys.keys().next().value!);
  keys.set(hash, { at: now, key });
  return key;
}

export async function revokeApiKey(db: Db, id: string) {
  const result = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const keys = remembered();
  for (const [hash, held] of keys) if (held.key.id === id) keys.delete(hash);
  return result.count > 0;
}
