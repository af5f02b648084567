import { z } from "zod";
import { conversationStatsFields, conversationStatsJson } from "@/lib/conversation/conversation-stats";
import type { Deployment } from "@/lib/db/generated/client";
import type { DeploymentRow } from "./list-deployments";

/** A deployment in a list, with its numbers. */
export const deploymentListItemSchema = z.strictObject({
  id: z.string(),
  agent_id: z.string().nullable(),
  status: z.string().nullable(),
  is_live: z.boolean().nullable(),
  git_commit_hash: z.string().nullable(),
  created_at: z.iso.datetime().nullable(),
  calls: z.int(),
  tts_ttfb_p50: z.number().nullable().describe("seconds"),
  tts_ttfb_p95: z.number().nullable().describe("seconds"),
  ...conversationStatsFields,
});

export function deploymentListJson(d: DeploymentRow): z.infer<typeof deploymentListItemSchema> {
  return {
    id: d.id,
    agent_id: d.agentId,
    status: d.status,
    is_live: d.isLive,
    git_commit_hash: d.gitCommitHash,
    created_at: d.createdAt?.toISOString() ?? null,
    calls: d.calls,
    tts_ttfb_p50: d.ttfbP50,
    tts_ttfb_p95: d.ttfbP95,
    ...conversationStatsJson(d.conversation),
  };
}

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
