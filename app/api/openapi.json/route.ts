// GET /api/openapi.json - the OpenAPI 3.1 document of the API.
import { openApiDocument } from "@/lib/api/openapi";
import { route } from "@/lib/http/route";

export const GET = route(() => Response.json(openApiDocument()));
