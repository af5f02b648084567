// /api/auth/* - sign-in, sign-out and session endpoints.
import { handleAuth } from "@/lib/auth/handle-auth";

export const GET = handleAuth;
export const POST = handleAuth;
