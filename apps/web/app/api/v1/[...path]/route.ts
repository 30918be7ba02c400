import { getApiServicesFromEnv, restResponse } from "@interflow/api";

// Every call reads the request's token and the database: never rendered at build time.
export const dynamic = "force-dynamic";

/** The REST API (`/api/v1`, documented at `/api/v1/openapi.json` and `/docs/api`). */
function handleRestRequest(req: Request) {
  return restResponse(getApiServicesFromEnv(), req);
}

export { handleRestRequest as DELETE, handleRestRequest as GET, handleRestRequest as PATCH, handleRestRequest as POST, handleRestRequest as PUT };
