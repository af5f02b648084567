// GET /docs-assets/{name} - an image of the docs (docs/<name>.png) for the console's Docs pages.
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { getDocAsset } from "./get-docs";

export const getDocAssetApi = authorized("read", async ({ param: name }) => {
  const image = await getDocAsset(name);
  if (!image) return jsonError(404, "not_found", "No such image in the docs.");
  return new Response(new Uint8Array(image), {
    headers: { "content-type": "image/png", "content-length": String(image.length), "cache-control": "private, max-age=3600" },
  });
});
