import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppProviders } from "@/trpc/app-providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Interflow", template: "%s · Interflow" },
  description: "Flows that move data between your applications.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // rendered per request: each page's scripts carry the nonce of its Content-Security-Policy (proxy.ts)
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <AppProviders>{children}</AppProviders>
      </body>
    </html>
  );
}
