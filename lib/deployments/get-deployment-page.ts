// What a deployment's page shows, read in one place: the deployment as
// Cartesia describes it, its call figures, its logs, its latest calls and the
// causes of failure first seen in it. Null when no such deployment exists.
import type { Pool } from "pg";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { listCalls } from "@/lib/calls/list-calls";
import { causesOfDeployment } from "@/lib/causes/get-causes";
import type { Db } from "@/lib/db/types";
import { deploymentLogLines } from "./deployment-log-lines";
import { getDeploymentStats } from "./list-deployments";

export async function getDeploymentPage(db: Db, pool: Pool, id: string) {
  const deployment = await db.deployment.findUnique({ where: { id } });
  if (!deployment) return null;
  const [stats, logs, calls, causes] = await Promise.all([
    getDeploymentStats(pool, id),
    deploymentLogLines(db, deployment),
    listCalls(pool, callFiltersSchema.parse({ deployment: id, limit: "25" })),
    causesOfDeployment(pool, id),
  ]);
  return { deployment, stats, logs, calls, causes };
}
