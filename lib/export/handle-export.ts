// GET /api/v1/calls/{id}/transcript and GET /api/v1/transcripts: transcripts
// with turn-level timestamps, one call or any number of them (streamed).
// The console's export menu uses the same handlers.
import "server-only";
import { auditRequest } from "@/lib/audit/audit-request";
import { authorized } from "@/lib/auth/authorized";
import { parseApiCallFilters } from "@/lib/calls/call-filters";
import { getCall } from "@/lib/calls/get-call";
import { pool, readPool } from "@/lib/db/client";
import { jsonError } from "@/lib/http/errors";
import { zodIssues } from "@/lib/http/validation";
import { auditedFilters } from "@/lib/privacy/audited-filters";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { causesOfCalls } from "@/lib/causes/get-causes";
import { streamTranscripts } from "./stream-transcripts";
import { BULK_FORMAT_INFO, BULK_FORMATS, isBulkFormat, isTranscriptFormat, TRANSCRIPT_FORMAT_INFO, TRANSCRIPT_FORMATS } from "./export-formats";
import { parseIncludes, renderTranscript } from "./transcript-formats";

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");

export const exportTranscript = authorized("read", async ({ request, principal, param: id }) => {
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "json";
  if (!isTranscriptFormat(format)) return jsonError(400, "bad_request", `format must be one of ${TRANSCRIPT_FORMATS.join(", ")}.`);
  const include = parseIncludes(url.searchParams.get("include"));
  if (typeof include === "string") return jsonError(400, "bad_request", include);
  const call = await getCall(readPool(), id);
  if (!call) return jsonError(404, "not_found", `No call with id ${id}.`);
  await auditRequest(
    { request, principal },
    { action: "transcript.exported", targetType: "call", targetId: id, details: { format, events: include.events, causes: include.causes } },
  );
  const causes = include.causes ? (await causesOfCalls(readPool(), [id])).get(id) : undefined;
  return new Response(renderTranscript(call, format, include.events, causes), {
    headers: { "content-type": TRANSCRIPT_FORMAT_INFO[format].contentType, "content-disposition": `attachment; filename="${safeName(id)}.${format}"` },
  });
});

export const exportTranscripts = authorized("read", async ({ request, principal }) => {
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "jsonl";
  if (!isBulkFormat(format)) return jsonError(400, "bad_request", `format must be ${BULK_FORMATS.join(" or ")} (default jsonl).`);
  const include = parseIncludes(url.searchParams.get("include"));
  if (typeof include === "string") return jsonError(400, "bad_request", include);
  const search = new URLSearchParams(url.searchParams);
  for (const key of ["format", "include", "cursor", "limit"]) search.delete(key);
  const filters = parseApiCallFilters(search);
  if (!filters.success) return jsonError(400, "bad_request", "Invalid filters.", zodIssues(filters.error));
  await auditRequest(
    { request, principal },
    {
      action: "transcripts.exported",
      details: { format, events: include.events, causes: include.causes, filters: auditedFilters(search, redactionPolicy(await privacy(pool())).phoneRegion) },
    },
  );
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(await streamTranscripts(readPool(), filters.data, format, include), {
    headers: { "content-type": BULK_FORMAT_INFO[format].contentType, "content-disposition": `attachment; filename="transcripts-${stamp}.${format}"` },
  });
});
