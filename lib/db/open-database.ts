// Where the database comes from for Callscope's own commands: DATABASE_URL
// when it is set, otherwise the embedded server in the data folder.
import path from "node:path";
import { parseEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded-postgres";
import type { SupervisorStatus } from "./supervisor-status";

export type OpenedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

export type OpenOptions = {
  log?: (line: string) => void;
  /** keep the embedded server running: restart it when it dies (npm start) */
  supervise?: { onStatus?: (status: SupervisorStatus) => void };
};

export async function openDatabase({ log = () => {}, supervise }: OpenOptions = {}): Promise<OpenedDatabase> {
  const env = parseEnv(process.env);
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: path.join(env.CALLSCOPE_DATA_DIR, "postgres"), log, supervise });
  return { url: server.url, embedded: true, stop: server.stop };
}
