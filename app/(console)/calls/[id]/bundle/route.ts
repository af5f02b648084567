// GET /calls/{id}/bundle - the console's "Download debug bundle" of one call.
import { getCallBundleApi } from "@/lib/bundle/handle-bundle";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("id", getCallBundleApi);
