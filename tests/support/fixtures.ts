import { readFileSync } from "node:fs";
import path from "node:path";

/** The tests' own fixtures, in the shapes Cartesia documents. Nothing reads outside the repository. */
export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

export function fixture<T extends object = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));
}
