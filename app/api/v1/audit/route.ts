// GET /api/v1/audit - who viewed, exported, deleted, erased or changed what. Admins only.
import { listAuditApi } from "@/lib/audit/handle-audit";
import { route } from "@/lib/http/route";

export const GET = route(listAuditApi);
