// GET /api/v1/calls/{callId}/bundle?recording=false - one zip with everything needed to debug the call.
import { getCallBundleApi } from "@/lib/bundle/handle-bundle";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("callId", getCallBundleApi);
