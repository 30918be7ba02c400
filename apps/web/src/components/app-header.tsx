import type { SignedIn } from "@/auth/read-signed-in";
import { InterflowMark } from "./interflow-mark";
import { SignOutButton } from "./sign-out-button";

const ROLE_NAMES = { owner: "Owner", editor: "Editor", viewer: "Viewer" } as const;

export function AppHeader({ signedIn }: { signedIn: SignedIn | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
        <a href="/" className="flex items-center gap-2.5 rounded-md text-lg font-semibold tracking-tight text-slate-900">
          <InterflowMark className="size-8" />
          Interflow
        </a>
        {signedIn && (
          <div className="flex items-center gap-4">
            <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="current-workspace">
              <span className="font-medium text-slate-900" data-testid="workspace-name">
                {signedIn.workspace.name}
              </span>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600" data-testid="workspace-role">
                {ROLE_NAMES[signedIn.workspace.role]}
              </span>
            </p>
            {signedIn.user && (
              <a href="/account" className="hidden text-sm text-slate-500 hover:text-slate-900 sm:inline" data-testid="signed-in-email">
                {signedIn.user.email}
              </a>
            )}
            {signedIn.user && <SignOutButton />}
          </div>
        )}
      </div>
    </header>
  );
}
