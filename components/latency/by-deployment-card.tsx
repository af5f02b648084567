import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { DeploymentComparison } from "@/lib/latency/compare-with-previous";
import type { GroupRow } from "@/lib/latency/latency-types";
import { DeploymentTable, GroupTable } from "./latency-tables";

/**
 * The figures of each deployment, with the change against the agent's
 * previous one; or, when `byVersion` is given, of each deployment version.
 */
export function ByDeploymentCard({
  byDeployment,
  byVersion,
  comparisons,
  threshold,
  link,
}: {
  byDeployment: GroupRow[];
  byVersion: GroupRow[] | null;
  comparisons: Map<string, DeploymentComparison>;
  threshold: number;
  /** the page grouped by "deployment" or "version" */
  link: (group: "deployment" | "version") => string;
}) {
  return (
    <Card>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">{byVersion ? "By deployment version" : "By deployment"}</h2>
        <Link className="text-xs text-sky-700 hover:underline dark:text-sky-400" href={link(byVersion ? "deployment" : "version")}>
          {byVersion ? "Group by deployment" : "Group by deployment version"}
        </Link>
      </div>
      {byVersion ? (
        <>
          <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">Cartesia&apos;s deployment_version_id of each call; exact, over the raw values.</p>
          <GroupTable rows={byVersion} label="Version" threshold={threshold} link={() => link("deployment")} />
          {byVersion.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No call in this range names a deployment version.</p> : null}
        </>
      ) : (
        <>
          <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
            Slowest p95 first. The change against the previous deployment of the same agent, with a 95% bootstrap interval: “noise” when the interval includes
            zero.
          </p>
          <DeploymentTable rows={byDeployment} comparisons={comparisons} threshold={threshold} />
          {byDeployment.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No call in this range names a deployment.</p> : null}
        </>
      )}
    </Card>
  );
}
