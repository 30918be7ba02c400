import { getApiServicesFromEnv } from "@interflow/api";
import { toNextJsHandler } from "better-auth/next-js";

// better-auth's endpoints (sign-up, sign-in, sign-out, change-password, session). The services are
// created on the first request, never at build time (the secret is only there at run time).
export const dynamic = "force-dynamic";

export const { GET, POST } = toNextJsHandler((req: Request) => getApiServicesFromEnv().auth.handler(req));
