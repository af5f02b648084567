// Any other path under /api: a JSON 404 (or 405), never the console's HTML page.
import { notFoundApi } from "@/lib/http/not-found-api";
import { route } from "@/lib/http/route";

export const GET = route(notFoundApi);
export const HEAD = route(notFoundApi);
export const POST = route(notFoundApi);
export const PUT = route(notFoundApi);
export const PATCH = route(notFoundApi);
export const DELETE = route(notFoundApi);
