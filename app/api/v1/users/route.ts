// GET /api/v1/users - list console users; POST /api/v1/users - create one. Admins only.
import { createUserApi, listUsersApi } from "@/lib/auth/handle-users";
import { route } from "@/lib/http/route";

export const GET = route(listUsersApi);
export const POST = route(createUserApi);
