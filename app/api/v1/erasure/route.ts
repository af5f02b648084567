// POST /api/v1/erasure - erase every call of a person, by phone number or email address. Admins only.
import { eraseApi } from "@/lib/privacy/handle-erasure";
import { route } from "@/lib/http/route";

export const POST = route(eraseApi);
