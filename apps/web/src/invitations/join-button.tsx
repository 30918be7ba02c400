"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { PRIMARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { rememberWorkspace } from "@/workspaces/workspace-cookie";

/** A signed-in person accepts the invitation and lands on the flows of the workspace they joined. */
export function JoinButton({ secret, workspaceName }: { secret: string; workspaceName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ workspaceId }) => {
        rememberWorkspace(workspaceId);
        queryClient.clear();
        router.replace("/");
        router.refresh();
      },
    }),
  );
  return (
    <div className="mt-6">
      <button type="button" onClick={() => accept.mutate({ secret })} disabled={accept.isPending || accept.isSuccess} className={`w-full py-2.5 ${PRIMARY_BUTTON}`}>
        {accept.isPending || accept.isSuccess ? "Joining…" : `Join ${workspaceName}`}
      </button>
      {accept.isError && (
        <p role="alert" className="mt-3 text-sm text-red-700" data-testid="form-error">
          {errorMessageOf(accept.error)}
        </p>
      )}
    </div>
  );
}
