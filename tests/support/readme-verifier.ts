// The docs' code for checking a monitor webhook's signature (docs/monitors.md),
// run as written (its import replaced by the same node:crypto functions), so
// that a test fails when the docs and what Callscope sends part ways.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export type Verify = (headers: Record<string, unknown>, rawBody: string, secret: string, toleranceS?: number, now?: number) => boolean;

export function readmeVerifier(): Verify {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../docs/monitors.md"), "utf8");
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes("function verifyCallscope"));
  if (!block) throw new Error("docs/monitors.md has no verifyCallscope example");
  const body = block.replace(/^\s*import .*$/m, "");
  return new Function("createHmac", "timingSafeEqual", "Buffer", `${body}\nreturn verifyCallscope;`)(createHmac, timingSafeEqual, Buffer) as Verify;
}
