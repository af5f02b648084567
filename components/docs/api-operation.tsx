import { codeSpans, type MediaType, type Operation } from "@/lib/api/openapi-view";
import { DataTable } from "@/components/ui/data-table";

const METHOD_TONE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  delete: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

/** Text with `code` spans set as code. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((part, i) =>
        part.code ? (
          <code key={i} className="rounded bg-zinc-100 px-1 font-mono text-[0.85em] dark:bg-zinc-800">
            {part.text}
          </code>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

function Code({ value }: { value: unknown }) {
  return (
    <pre tabIndex={0} className="mt-1 max-h-80 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
      {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}

function Media({ content }: { content: Record<string, MediaType> }) {
  return (
    <div className="space-y-2">
      {Object.entries(content).map(([type, media]) => (
        <div key={type}>
          <div className="font-mono text-xs text-zinc-500">{type}</div>
          {media.example !== undefined ? (
            <>
              <div className="mt-1 text-xs font-medium">Example</div>
              <Code value={media.example} />
            </>
          ) : null}
          {media.schema ? (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs font-medium">Schema</summary>
              <Code value={media.schema} />
            </details>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** One endpoint of the API reference: what it takes, what it answers, with an example. */
export function ApiOperation({ path, method, op }: { path: string; method: string; op: Operation }) {
  const auth =
    path === "/api/webhooks/cartesia"
      ? "the x-webhook-secret header"
      : op.security && op.security.length === 0
        ? "none"
        : "Authorization: Bearer <API key>, or a console session";
  return (
    <section
      id={`${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`}
      className="min-w-0 scroll-mt-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      data-endpoint={`${method.toUpperCase()} ${path}`}
    >
      <h2 className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span>
        <code className="font-mono text-sm break-all">{path}</code>
      </h2>
      <p className="mt-1 text-sm font-medium">
        <Prose text={op.summary} />
      </p>
      {op.description ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          <Prose text={op.description} />
        </p>
      ) : null}
      <p className="mt-2 text-xs text-zinc-500">Authentication: {auth}</p>
      {op.parameters?.length ? (
        <DataTable label={`Parameters of ${method.toUpperCase()} ${path}`} columns={["Parameter", "In", "Type", "Meaning"]} className="mt-3">
          {op.parameters.map((p) => (
            <tr key={`${p.in}:${p.name}`}>
              <td className="py-1 pr-3 font-mono text-xs whitespace-nowrap">
                {p.name}
                {p.required ? <span className="text-red-600"> *</span> : null}
              </td>
              <td className="py-1 pr-3 text-xs">{p.in}</td>
              <td className="py-1 pr-3 font-mono text-xs">{Array.isArray(p.schema?.type) ? p.schema.type.join(" | ") : (p.schema?.type ?? "")}</td>
              <td className="py-1 text-xs">
                <Prose text={p.description ?? ""} />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {op.requestBody ? (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">Request body{op.requestBody.required ? "" : " (optional)"}</h3>
          <Media content={op.requestBody.content} />
        </div>
      ) : null}
      <div className="mt-3">
        <h3 className="text-sm font-semibold">Responses</h3>
        <ul className="mt-1 space-y-2 text-sm">
          {Object.entries(op.responses).map(([status, response]) => (
            <li key={status}>
              <span
                className={`font-mono text-xs font-semibold ${status.startsWith("2") ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-600 dark:text-zinc-400"}`}
              >
                {status}
              </span>{" "}
              <Prose text={response.description} />
              {response.content && status.startsWith("2") ? <Media content={response.content} /> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
