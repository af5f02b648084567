import type { Db } from "@/lib/db/types";
import { type RedactionPolicy, redactText } from "@/lib/privacy/redact";

export type DeploymentLogLine = { level: string | null; message: string; time: string | null; externalId?: string };

/** Appends log lines to a deployment, creating it when it is new, with personal data redacted. Lines with a known external id are skipped. */
export async function appendDeploymentLogs(db: Db, deploymentId: string, lines: DeploymentLogLine[], source: string, policy: RedactionPolicy) {
  await db.deployment.upsert({ where: { id: deploymentId }, create: { id: deploymentId }, update: {} });
  const result = await db.deploymentLog.createMany({
    data: lines.map((line) => ({
      deploymentId,
      level: line.level,
      message: redactText(line.message, policy),
      time: line.time ? new Date(line.time) : null,
      source,
      externalId: line.externalId ?? null,
    })),
    skipDuplicates: true,
  });
  return result.count;
}
