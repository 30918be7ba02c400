import Link from "next/link";
import type { ReactNode } from "react";
import type { SignedIn } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { ROLE_IN_A_SENTENCE } from "@/workspaces/roles";

export type SettingsTab = "workspace" | "members" | "credentials" | "components" | "tokens" | "audit";

const TABS: ReadonlyArray<{ tab: SettingsTab; label: string; href: string; ownersOnly: boolean }> = [
  { tab: "workspace", label: "Workspace", href: "/settings", ownersOnly: false },
  { tab: "members", label: "Members", href: "/settings/members", ownersOnly: false },
  { tab: "credentials", label: "Credentials", href: "/settings/credentials", ownersOnly: false },
  { tab: "components", label: "Components", href: "/settings/components", ownersOnly: false },
  { tab: "tokens", label: "API tokens", href: "/settings/tokens", ownersOnly: false },
  { tab: "audit", label: "Audit", href: "/settings/audit", ownersOnly: true },
];

/** The settings pages: header, title, and the tabs (Audit for owners only), around one tab's content. */
export function SettingsFrame({ signedIn, active, children }: { signedIn: SignedIn; active: SettingsTab; children: ReactNode }) {
  const { workspace } = signedIn;
  const tabs = TABS.filter((t) => !t.ownersOnly || workspace.role === "owner");
  return (
    <>
      <AppHeader visitor={{ status: "member", signedIn }} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">
          Of the workspace <span className="font-medium text-slate-900">{workspace.name}</span>, where you are{" "}
          {ROLE_IN_A_SENTENCE[workspace.role]}.
        </p>
        <nav aria-label="Settings" className="mt-6 border-b border-slate-200">
          <ul className="-mb-px flex gap-6">
            {tabs.map((t) => (
              <li key={t.tab}>
                <Link
                  href={t.href}
                  aria-current={t.tab === active ? "page" : undefined}
                  className={`inline-block rounded-t-md border-b-2 px-1 pb-3 pt-1 text-sm font-medium transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
                    t.tab === active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                  }`}
                >
                  {t.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-8 space-y-8">{children}</div>
      </main>
    </>
  );
}

/** One block of a settings tab: a title, a line about it, and its content in a card. */
export function SettingsSection({
  title,
  description,
  action,
  children,
  testId,
}: {
  title: string;
  description?: ReactNode;
  /** a button beside the title */
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} data-testid={testId}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id={id} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-1 max-w-2xl text-sm leading-6 text-slate-600">{description}</p>}
        </div>
        {action}
      </div>
      <div className="mt-4 rounded-xl border border-slate-200 bg-white shadow-sm">{children}</div>
    </section>
  );
}

