import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/** How often the flows' states and numbers are read again while the page is visible. */
export const POLL_INTERVAL_MS = 1000;

/**
 * `flows.dashboard` for the whole workspace, read every second while the tab is visible (react-query
 * pauses in a hidden tab). The dashboard and a flow's page share it: moving between them shows the
 * last answer at once. A session that ended makes the server render the page again (sign-in).
 */
export function useFlowsDashboard() {
  const trpc = useTRPC();
  const router = useRouter();
  const dashboard = useQuery(
    trpc.flows.dashboard.queryOptions(undefined, {
      refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : POLL_INTERVAL_MS),
      refetchIntervalInBackground: false,
    }),
  );
  const unauthorized = isUnauthorized(dashboard.error);
  useEffect(() => {
    if (unauthorized) router.refresh();
  }, [unauthorized, router]);
  return { dashboard, unauthorized };
}
