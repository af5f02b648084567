import type { Deployment } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/types";
import type { LogLine } from "@/lib/logs/log-line";
import { parseLogLine } from "@/lib/ingest/telemetry/event-rows";

/** The build logs (one string, as Cartesia keeps them) followed by the appended log lines, newest last. */
export async function deploymentLogLines(db: Db, deployment: Deployment, limit = 5000): Promise<LogLine[]> {
  const build: LogLine[] = (deployment.buildLogs ?? "")
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = parseLogLine(line);
      return { id: `build-${i}`, time: parsed.wallTime, level: parsed.level, message: parsed.message, source: "build" };
    });
  const appended = await db.deploymentLog.findMany({ where: { deploymentId: deployment.id }, orderBy: { id: "desc" }, take: limit });
  return [
    ...build,
    ...appended.reverse().map((l) => ({ id: String(l.id), time: l.time?.toISOString() ?? null, level: l.level, message: l.message, source: l.source })),
  ];
}
