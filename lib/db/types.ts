import type { Prisma } from "./generated/client";

/** Either the client or a transaction: data functions accept both. */
export type Db = Prisma.TransactionClient;
