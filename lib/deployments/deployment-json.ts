import type { Deployment } from "@/lib/db/generated/client";

/**
 * A deployment in Cartesia's own field names, so existing code reads it; the
 * fields Cartesia sends that have no column of their own (version_id and any
 * newer ones) come as they were sent.
 */
export function deploymentJson(d: Deployment) {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const extra = d.extra && typeof d.extra === "object" && !Array.isArray(d.extra) ? (d.extra as Record<string, unknown>) : {};
  return {
    ...extra,
    id: d.id,
    version_id: typeof extra.version_id === "string" ? extra.version_id : null,
    agent_id: d.agentId,
    status: d.status,
    is_live: d.isLive,
    is_pinned: d.isPinned,
    git_commit_hash: d.gitCommitHash,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    build_started_at: iso(d.buildStartedAt),
    build_completed_at: iso(d.buildCompletedAt),
    deployment_started_at: iso(d.deploymentStartedAt),
    deployment_completed_at: iso(d.deploymentCompletedAt),
    build_logs: d.buildLogs,
    build_error: d.buildError,
    deployment_error: d.deploymentError,
    first_seen_at: iso(d.firstSeenAt),
  };
}
