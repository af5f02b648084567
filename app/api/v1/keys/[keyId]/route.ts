// DELETE /api/v1/keys/{keyId} - revoke an API key. Admin keys only.
import { revokeKeyApi } from "@/lib/auth/handle-keys";
import { routeWith } from "@/lib/http/route";

export const DELETE = routeWith("keyId", revokeKeyApi);
