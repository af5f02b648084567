import type { Deployment } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/types";
import type { LogLine } from "@/lib/logs/log-line";
import { parseLogLine } from "@/lib/logs/parse-log-lines";

/** A build line's level when the line does not say: what a build tool's words mean. */
function buildLevel(message: string): string {
  if (/\b(error|failed|failure|traceback|exception)\b/i.test(message)) return "error";
  if (/\bwarn(ing)?\b/i.test(message)) return "warning";
  return "info";
}

/**
 * A deployment's logs in two parts: the build output (one string, as Cartesia
 * keeps it, with no times of its own: its lines are numbered, and the build's
 * start and end are shown beside it) and the runtime lines appended through
 * the API, with their times and levels, newest last.
 */
export async function deploymentLogLines(db: Db, deployment: Deployment, limit = 5000): Promise<{ build: LogLine[]; runtime: LogLine[] }> {
  const build: LogLine[] = (deployment.buildLogs ?? "")
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = parseLogLine(line);
      return {
        id: `build-${i}`,
        time: parsed.wallTime ?? `#${i + 1}`,
        title: parsed.wallTime ? undefined : `Line ${i + 1} of the build output (Cartesia's build logs carry no times)`,
        level: parsed.level ?? buildLevel(parsed.message),
        message: parsed.message,
        source: "build",
      };
    });
  const appended = await db.deploymentLog.findMany({ where: { deploymentId: deployment.id }, orderBy: { id: "desc" }, take: limit });
  const runtime = appended
    .reverse()
    .map((l) => ({ id: String(l.id), time: l.time?.toISOString() ?? null, level: l.level, message: l.message, source: l.source }));
  return { build, runtime };
}
