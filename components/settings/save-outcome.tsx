import type { ReactNode } from "react";
import { Notice } from "@/components/ui/notice";

/**
 * What a settings form's action answered, read from the query string it
 * redirected back with: `?error=` when it refused the form (shown cut to 300
 * characters), `?saved=1` when it stored it (`saved` says what follows).
 */
export function SaveOutcome({ query, saved }: { query: Record<string, string | string[] | undefined>; saved: ReactNode }) {
  const error = typeof query.error === "string" ? query.error.slice(0, 300) : null;
  return (
    <>
      {error ? (
        <Notice tone="error" role="alert" className="mb-4">
          {error}
        </Notice>
      ) : null}
      {query.saved ? (
        <Notice tone="success" role="status" className="mb-4">
          {saved}
        </Notice>
      ) : null}
    </>
  );
}
