"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Flows", testId: "flows-link", current: (path: string) => path === "/" },
  { href: "/dashboard", label: "Dashboard", testId: "dashboard-link", current: (path: string) => path.startsWith("/dashboard") },
] as const;

/** The header's links to the workspace's pages: the flows list and the dashboard of their states. */
export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Workspace" className="flex items-center gap-1">
      {LINKS.map((link) => {
        const current = link.current(pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            data-testid={link.testId}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
              current ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
