import { appRouter, createContext, crossSiteRefusal, getApiServicesFromEnv, isCrossSiteRequest } from "@interflow/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

// Every call reads the request's token and the database: never rendered at build time.
export const dynamic = "force-dynamic";

function handleTrpcRequest(req: Request) {
  // A cookie-authenticated mutation must come from this site; bearer-token clients (the CLI) are not browsers.
  if (req.method !== "GET" && !req.headers.has("authorization") && isCrossSiteRequest(req)) {
    return crossSiteRefusal();
  }
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
