"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { rememberWorkspace } from "./workspace-cookie";

/**
 * Makes the web app act in another workspace: remembers it, forgets every answer of the old one
 * (active queries load again), and renders the server's part of the page again, or goes to `to`.
 */
export function useSwitchWorkspace(): (workspaceId: string, to?: string) => void {
  const router = useRouter();
  const queryClient = useQueryClient();
  return useCallback(
    (workspaceId: string, to?: string) => {
      rememberWorkspace(workspaceId);
      void queryClient.resetQueries();
      if (to) router.push(to);
      router.refresh();
    },
    [router, queryClient],
  );
}
