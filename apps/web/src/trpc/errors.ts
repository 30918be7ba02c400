import { TRPCClientError } from "@trpc/client";

/** True when the API refused the request because the session token is missing or refused. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED";
}
