import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { openApiDocument } from "@/lib/api/openapi";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API reference" };

const METHOD_TONE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
};

type Operation = { summary: string; description?: string; parameters?: { name: string; in: string; description?: string }[]; security?: unknown[] };

export default async function ApiReferencePage() {
  await requireUser();
  const doc = openApiDocument();
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="API reference"
        description={
          <>
            {doc.info.description} The machine-readable document: <a className="underline" href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
          </>
        }
      />
      <div className="space-y-4">
        {Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods as Record<string, Operation>).map(([method, op]) => (
            <section key={`${method} ${path}`} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
              <h2 className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span>
                <code className="font-mono text-sm">{path}</code>
              </h2>
              <p className="mt-1 text-sm font-medium">{op.summary}</p>
              {op.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{op.description}</p> : null}
              {op.parameters?.length ? (
                <ul className="mt-2 text-sm">
                  {op.parameters.map((p) => (
                    <li key={p.name}>
                      <code className="font-mono">{p.name}</code> <span className="text-xs text-zinc-500">({p.in})</span> {p.description ?? ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mt-2 text-xs text-zinc-500">
                Authentication: {path === "/api/webhooks/cartesia" ? "x-webhook-secret header" : op.security && op.security.length === 0 ? "none" : "Authorization: Bearer <API key>"}
              </p>
            </section>
          )),
        )}
      </div>
    </div>
  );
}
