// DELETE /api/v1/keys/{keyId} - revoke an API key. Admin keys only.
import { revokeKeyApi } from "@/lib/api/admin-api";

export async function DELETE(request: Request, ctx: RouteContext<"/api/v1/keys/[keyId]">) {
  return revokeKeyApi(request, (await ctx.params).keyId);
}
