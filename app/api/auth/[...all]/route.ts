// /api/auth/* - sign-in, sign-out and session endpoints.
import { handleAuth } from "@/lib/auth/handle-auth";
import { route } from "@/lib/http/route";

export const GET = route(handleAuth);
export const POST = route(handleAuth);
