import Link from "next/link";
import type { Visitor } from "@/auth/read-signed-in";
import { WorkspaceSwitcher } from "@/workspaces/workspace-switcher";
import { InterflowMark } from "./interflow-mark";
import { MainNav } from "./main-nav";
import { SignOutButton } from "./sign-out-button";

/** The top of every page: the workspace switcher, the links to flows and dashboard, and the person's links. */
export function AppHeader({ visitor, wide = false }: { visitor?: Visitor; /** full width (the designer) */ wide?: boolean }) {
  const person = visitor?.status === "member" ? visitor.signedIn.user : visitor?.status === "outsider" ? visitor.person : null;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className={`mx-auto flex h-16 items-center justify-between gap-6 px-6 ${wide ? "" : "max-w-6xl"}`}>
        <div className="flex min-w-0 items-center gap-4">
          <a href="/" className="flex shrink-0 items-center gap-2.5 rounded-md text-lg font-semibold tracking-tight text-slate-900">
            <InterflowMark className="size-8" />
            Interflow
          </a>
          {visitor?.status === "member" && (
            <>
              <span aria-hidden="true" className="text-xl font-light text-slate-300">
                /
              </span>
              <div data-testid="current-workspace">
                <WorkspaceSwitcher current={visitor.signedIn.workspace} />
              </div>
              <span aria-hidden="true" className="h-6 w-px bg-slate-200" />
              <MainNav />
            </>
          )}
        </div>
        {person && (
          <nav aria-label="Your account" className="flex shrink-0 items-center gap-4">
            {visitor?.status === "member" && (
              <Link href="/settings" className="rounded-md text-sm font-medium text-slate-600 hover:text-slate-900" data-testid="settings-link">
                Settings
              </Link>
            )}
            <a href="/account" className="hidden text-sm text-slate-500 hover:text-slate-900 sm:inline" data-testid="signed-in-email">
              {person.email}
            </a>
            <SignOutButton />
          </nav>
        )}
      </div>
    </header>
  );
}
