// What the embedded database's supervisor (npm start) last did, kept in a
// small file that the app reads for /api/health: the supervisor runs in the
// parent process, the app in its child.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

export type SupervisorStatus = {
  state: "running" | "restarting";
  /** how many times the server was restarted after it died */
  restarts: number;
  last_exit: { at: string; code: number | null; signal: string | null } | null;
  last_restart_at: string | null;
  message: string;
};

/** The environment variable that tells the app where the supervisor writes. */
export const SUPERVISOR_STATUS_ENV = "CALLSCOPE_SUPERVISOR_STATUS_FILE";

export function writeSupervisorStatus(file: string, status: SupervisorStatus) {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(status));
  renameSync(temporary, file);
}

export function readSupervisorStatus(file = process.env[SUPERVISOR_STATUS_ENV]): SupervisorStatus | null {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SupervisorStatus;
  } catch {
    return null;
  }
}
