// POST /api/v1/monitors/{id}/test - send a test notification to one of its channels. Admins only.
import { routeWith } from "@/lib/http/route";
import { testMonitorChannelApi } from "@/lib/monitors/handle-monitors";

export const POST = routeWith("monitorId", testMonitorChannelApi);
