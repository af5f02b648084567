import type { PrismaClient } from "./generated/client";

/**
 * Hashes of API keys and webhook secrets are left out of every read unless a
 * query selects them by name: only the code that matches a presented secret needs them.
 */
export const OMIT = { apiKey: { hash: true }, webhookSecret: { hash: true } } as const;

export type Client = PrismaClient<never, typeof OMIT>;

/** Either the client or a transaction: data functions accept both. */
export type Db = Omit<Client, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
