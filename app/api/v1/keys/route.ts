// GET /api/v1/keys - list API keys; POST /api/v1/keys - create one (shown once). Admin keys only.
import { createKeyApi, listKeysApi } from "@/lib/auth/handle-keys";
import { route } from "@/lib/http/route";

export const GET = route(listKeysApi);
export const POST = route(createKeyApi);
