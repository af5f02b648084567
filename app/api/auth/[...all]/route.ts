// /api/auth/* - Better Auth's sign-in, sign-out and session endpoints.
import { auth } from "@/lib/auth/auth";

async function handle(request: Request): Promise<Response> {
  const response = await (await auth()).handler(request);
  // Better Auth names the wait X-Retry-After; HTTP clients look for Retry-After.
  const wait = response.headers.get("x-retry-after");
  if (response.status === 429 && wait && !response.headers.has("retry-after")) {
    const headers = new Headers(response.headers);
    headers.set("retry-after", wait);
    return new Response(response.body, { status: 429, headers });
  }
  return response;
}

export const GET = handle;
export const POST = handle;
