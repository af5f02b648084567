// The CLI's HTTP client: Callscope's API with an API key, errors turned into
// messages and exit codes a script can act on.

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, notFound: 4, unreachable: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export type Connection = { url: string; key: string | undefined };

export function connection(options: { url?: string; key?: string }): Connection {
  const url = (options.url ?? process.env.CALLSCOPE_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return { url, key: options.key ?? process.env.CALLSCOPE_API_KEY };
}

export async function request(conn: Connection, method: string, path: string, body?: unknown): Promise<Response> {
  if (!conn.key) throw new CliError("No API key: pass --key or set CALLSCOPE_API_KEY (create one in Settings → API keys).", EXIT.usage);
  let response: Response;
  try {
    response = await fetch(`${conn.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${conn.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(`Cannot reach Callscope at ${conn.url}: ${(error as Error).cause ?? (error as Error).message}`, EXIT.unreachable);
  }
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    const json = (await response.json()) as { error?: { message?: string } };
    if (json.error?.message) message = json.error.message;
  } catch {
    // not JSON
  }
  if (response.status === 401 || response.status === 403) throw new CliError(`Not allowed: ${message}`, EXIT.auth);
  if (response.status === 404) throw new CliError(message, EXIT.notFound);
  throw new CliError(message, EXIT.failure);
}

export async function getJson<T>(conn: Connection, path: string): Promise<T> {
  return (await request(conn, "GET", path)).json() as Promise<T>;
}
