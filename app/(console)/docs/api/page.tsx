import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ApiOperation, Prose } from "@/components/docs/api-operation";
import { openApiDocument } from "@/lib/api/openapi";
import { type Operation, resolveSchemas } from "@/lib/api/openapi-view";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage() {
  await requireUser();
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op: resolveSchemas(op, doc.components.schemas) })),
  );
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="API reference"
        description={
          <>
            {doc.info.description} Generated from the OpenAPI 3.1 document at{" "}
            <a className="underline" href="/api/openapi.json">
              /api/openapi.json
            </a>
            , which clients and code generators can read.
          </>
        }
      />
      <nav aria-label="Endpoints" className="mb-6 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <ul className="grid gap-1 sm:grid-cols-2">
          {operations.map(({ path, method, op }) => (
            <li key={`${method} ${path}`} className="min-w-0 truncate">
              <a className="text-sky-700 hover:underline dark:text-sky-400" href={`#${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}>
                <span className="font-mono text-xs uppercase">{method}</span> <span className="font-mono">{path}</span>
              </a>{" "}
              <span className="text-zinc-500">
                <Prose text={op.summary} />
              </span>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-4">
        {operations.map(({ path, method, op }) => (
          <ApiOperation key={`${method} ${path}`} path={path} method={method} op={op} />
        ))}
      </div>
    </div>
  );
}
