import { QueryClient } from "@tanstack/react-query";
import { isUnauthorized } from "./errors";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refused token will not be accepted on a second try; anything else gets two more.
        retry: (failureCount, error) => !isUnauthorized(error) && failureCount < 2,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One client per server render (no data shared between requests), one for the browser tab. */
export function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
