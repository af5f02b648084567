// Console users, in the OpenAPI document.
import { type ApiPiece, errors, inputSchema, operation } from "@/lib/api/openapi-parts";
import { newUserSchema } from "./users";

export function usersOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/users": {
        get: operation({ summary: "Console users. Admins only", responses: { "200": { description: "{ data: [User] }" }, ...errors(401, 403) } }),
        post: operation({
          summary: "Create a console user; without a password one is generated and answered once. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(newUserSchema) } } },
          responses: { "201": { description: "{ id, email, role, password? }" }, ...errors(400, 401, 403, 409, 422) },
        }),
      },
    },
  };
}
