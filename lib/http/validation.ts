import type { z } from "zod";

export type Issue = { path: string; message: string };

export function zodIssues(error: z.ZodError, prefix = ""): Issue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "(root)",
    message: issue.message,
  }));
}

/** Ids in URL paths: Cartesia's ids, generous but bounded. */
export function validPathId(id: string): boolean {
  return id.length >= 1 && id.length <= 256 && !/[\u0000-\u001f]/.test(id);
}
