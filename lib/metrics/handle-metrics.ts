// GET /metrics - Prometheus's text format. An API key of any role but ingest
// (Authorization: Bearer), or nothing when METRICS_PUBLIC=true.
import "server-only";
import { readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/auth/authorized";
import { errorResponse } from "@/lib/http/route";
import { metricsRegistry } from "./prometheus";

async function scrape(): Promise<Response> {
  const registry = metricsRegistry(readPool);
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

const scrapeWithKey = authorized("read", scrape);

export async function metricsApi(request: Request): Promise<Response> {
  if (env().METRICS_PUBLIC !== "true") return scrapeWithKey(request);
  try {
    return await scrape();
  } catch (error) {
    return errorResponse(error);
  }
}
