// A deployment as Cartesia's API describes it (and as the telemetry API accepts it).
import { z } from "zod";
import { rfc3339 } from "@/lib/cartesia/call-object";

const time = rfc3339.nullish();

export const DEPLOYMENT_STATUSES = ["queued", "building", "built", "deploying", "deployed", "inactive", "build_error", "deploy_error", "skipped"] as const;

export const deploymentSchema = z.looseObject({
  id: z.string().min(1).max(256).optional(),
  /** the deployment's version, which calls name in deployment_version_id */
  version_id: z.string().max(256).nullish(),
  agent_id: z.string().min(1).max(256).nullish(),
  status: z.string().max(64).nullish(),
  is_live: z.boolean().nullish(),
  is_pinned: z.boolean().nullish(),
  git_commit_hash: z.string().max(128).nullish(),
  created_at: time,
  updated_at: time,
  build_started_at: time,
  build_completed_at: time,
  deployment_started_at: time,
  deployment_completed_at: time,
  build_logs: z.string().nullish(),
  build_error: z.string().nullish(),
  deployment_error: z.string().nullish(),
});

export type DeploymentInput = z.infer<typeof deploymentSchema>;
