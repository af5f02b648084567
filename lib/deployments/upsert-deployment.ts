import type { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/types";
import type { DeploymentInput } from "@/lib/cartesia/deployment";
import { extraFields } from "@/lib/cartesia/extra-fields";
import type { RedactionPolicy } from "@/lib/privacy/redact";
import { redactForStoreOffThread } from "@/lib/privacy/redact-off-thread";

const KNOWN = new Set([
  "id",
  "agent_id",
  "status",
  "is_live",
  "is_pinned",
  "git_commit_hash",
  "created_at",
  "updated_at",
  "build_started_at",
  "build_completed_at",
  "deployment_started_at",
  "deployment_completed_at",
  "build_logs",
  "build_error",
  "deployment_error",
]);

const date = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

/**
 * Creates or updates a deployment; fields left out keep their stored values.
 * Its logs, errors and other fields are redacted by the redaction gate on its
 * thread, as its log lines are: build logs can be megabytes.
 */
export async function upsertDeployment(db: Db, id: string, input: DeploymentInput, policy: RedactionPolicy) {
  const extra = extraFields(input, KNOWN);
  const [{ row: redacted }] = await redactForStoreOffThread(
    policy,
    [
      {
        build_logs: input.build_logs,
        build_error: input.build_error,
        deployment_error: input.deployment_error,
        extra: extra ?? undefined,
      },
    ],
    { text: ["build_logs", "build_error", "deployment_error"], json: ["extra"] },
  );
  const data = {
    status: input.status,
    isLive: input.is_live,
    isPinned: input.is_pinned,
    gitCommitHash: input.git_commit_hash,
    createdAt: date(input.created_at),
    updatedAt: date(input.updated_at),
    buildStartedAt: date(input.build_started_at),
    buildCompletedAt: date(input.build_completed_at),
    deploymentStartedAt: date(input.deployment_started_at),
    deploymentCompletedAt: date(input.deployment_completed_at),
    buildLogs: redacted.build_logs,
    buildError: redacted.build_error,
    deploymentError: redacted.deployment_error,
    ...(extra ? { extra: redacted.extra as Prisma.InputJsonValue } : {}),
  };
  if (input.agent_id) {
    await db.agent.upsert({ where: { id: input.agent_id }, create: { id: input.agent_id }, update: {} });
  }
  return db.deployment.upsert({
    where: { id },
    create: { id, agentId: input.agent_id ?? null, ...data },
    update: { ...(input.agent_id ? { agentId: input.agent_id } : {}), ...data },
  });
}
