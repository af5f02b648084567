// GET /docs-assets/{name} - an image of the docs (docs/<name>.png), shown by the console's Docs pages.
import { getDocAssetApi } from "@/lib/docs/handle-doc-asset";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("name", getDocAssetApi);
