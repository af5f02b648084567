// GET /api/v1/monitors - the monitors; POST - make one. Admins only.
import { route } from "@/lib/http/route";
import { createMonitorApi, listMonitorsApi } from "@/lib/monitors/handle-monitors";

export const GET = route(listMonitorsApi);
export const POST = route(createMonitorApi);
