"use client";

import { NewWorkspaceButton } from "./new-workspace-dialog";
import { useCanCreateWorkspaces } from "./use-can-create-workspaces";

/** The flows page of a signed-in person who belongs to no workspace: why, and how to get one. */
export function NoWorkspace({ reason }: { reason: string }) {
  const canCreate = useCanCreateWorkspaces();
  return (
    <section
      aria-labelledby="no-workspace-title"
      data-testid="no-workspace"
      className="mx-auto mt-8 max-w-xl rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center"
    >
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-indigo-50">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6 fill-none stroke-indigo-600 stroke-[1.75]">
          <rect x="3.5" y="5.5" width="17" height="13" rx="2.5" />
          <path d="M3.5 9.5h17M12 12.5v4M10 14.5h4" strokeLinecap="round" />
        </svg>
      </div>
      <h1 id="no-workspace-title" className="mt-4 text-base font-semibold text-slate-900">
        No workspace yet
      </h1>
      <p className="mx-auto mt-2 max-w-md text-sm leading-6 text-slate-600" data-testid="no-workspace-reason">
        {reason.charAt(0).toUpperCase() + reason.slice(1)}.
      </p>
      {canCreate ? (
        <>
          <p className="mx-auto mt-1 max-w-md text-sm leading-6 text-slate-600">Or start a workspace of your own.</p>
          <div className="mt-6">
            <NewWorkspaceButton />
          </div>
        </>
      ) : (
        <p className="mx-auto mt-1 max-w-md text-sm leading-6 text-slate-600" data-testid="no-workspace-ask-admin">
          New workspaces are made by the installation&apos;s admin: ask them for one, or ask an owner for an invitation.
        </p>
      )}
    </section>
  );
}
