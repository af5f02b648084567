// API keys for the telemetry and read APIs and the CLI: `Authorization: Bearer <key>`.
// Stored as sha256 hashes; the key itself is shown once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/types";

export const API_KEY_ROLES = ["admin", "member", "ingest"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function newApiKeyValue(): string {
  return `cs_${randomBytes(24).toString("base64url")}`;
}

/** Creates a key; `value` is for provisioning a known key, otherwise a random one is made. */
export async function createApiKey(db: Db, options: { label: string; role: ApiKeyRole; value?: string }) {
  const key = options.value ?? newApiKeyValue();
  const row = await db.apiKey.create({
    data: { id: randomUUID(), label: options.label, role: options.role, hash: hashApiKey(key), hint: key.slice(0, 7) },
  });
  return { ...row, key };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, role: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiKey(db: Db, id: string) {
  const result = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count > 0;
}
