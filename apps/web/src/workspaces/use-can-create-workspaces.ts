"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** Whether the signed-in person may create workspaces (the installation's admin, or an open installation); false until known. */
export function useCanCreateWorkspaces(): boolean {
  const trpc = useTRPC();
  const rights = useQuery(trpc.me.rights.queryOptions(undefined, { staleTime: 60_000 }));
  return rights.data?.canCreateWorkspaces === true;
}
