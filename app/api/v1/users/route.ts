// GET /api/v1/users - list console users; POST /api/v1/users - create one. Admins only.
import { createUserApi, listUsersApi } from "@/lib/api/admin-api";

export const GET = listUsersApi;
export const POST = createUserApi;
