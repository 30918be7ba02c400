import { appRouter, createContext, crossSiteRefusal, getApiServicesFromEnv, isCrossSiteRequest, withBodyWithin } from "@interflow/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

// Every call reads the request's token and the database: never rendered at build time.
export const dynamic = "force-dynamic";

async function handleTrpcRequest(request: Request) {
  // A cookie-authenticated mutation must come from this site; bearer-token clients (the CLI) are not browsers.
  if (request.method !== "GET" && !request.headers.has("authorization") && isCrossSiteRequest(request)) {
    return crossSiteRefusal();
  }
  // a body over the limit is refused (413) before tRPC reads it
  const req = await withBodyWithin(request);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ services: getApiServicesFromEnv(), headers: req.headers }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`trpc ${path ?? "<no path>"}:`, error);
    },
  });
}

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
