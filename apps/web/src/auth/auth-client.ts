import { createAuthClient } from "better-auth/react";

/** The browser side of /api/auth (same origin: the HTTP-only session cookie goes along). */
export const authClient = createAuthClient();
