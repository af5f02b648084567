// What every tool reads through: the same database handles and read models
// as the API, and the audit log of the request that called it.
import type { Pool } from "pg";
import type { AuditEntry } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/types";

export type McpContext = {
  pool: Pool;
  db: Db;
  /** records in the audit log what the tool read, as the API does for the same read */
  audit: (entry: AuditEntry) => Promise<void>;
};
