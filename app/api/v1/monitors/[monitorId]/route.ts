// GET /api/v1/monitors/{id} - a monitor with its history and delivery log; PATCH - change it; DELETE - remove it. Admins only.
import { routeWith } from "@/lib/http/route";
import { deleteMonitorApi, getMonitorApi, updateMonitorApi } from "@/lib/monitors/handle-monitors";

export const GET = routeWith("monitorId", getMonitorApi);
export const PATCH = routeWith("monitorId", updateMonitorApi);
export const DELETE = routeWith("monitorId", deleteMonitorApi);
