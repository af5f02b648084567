// The browser side of sign-in and sign-out, talking to /api/auth.
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
