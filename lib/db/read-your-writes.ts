// Read-your-writes with read replicas: after a console user changes something,
// a short-lived cookie holds how far the primary's log had got, and that
// user's reads go to a replica only once it has replayed that far. Cookies
// rather than memory, so that it holds whichever instance serves the next page.
import "server-only";
import { cookies } from "next/headers";
import { parseLsn } from "./wal-position";

const COOKIE = "callscope_written_lsn";

/** The primary's position after this request's user last wrote, or null: none, or outside a request (background work). */
export async function writtenLsn(): Promise<bigint | null> {
  try {
    return parseLsn((await cookies()).get(COOKIE)?.value);
  } catch {
    return null;
  }
}

/** Remembers `lsn` for this user's next requests, for `seconds` (past that, a replica still behind it is too far behind to be read). */
export async function setWrittenLsn(lsn: string, seconds: number): Promise<void> {
  (await cookies()).set(COOKIE, lsn, { httpOnly: true, sameSite: "lax", path: "/", maxAge: seconds });
}
