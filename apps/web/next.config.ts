import type { NextConfig } from "next";
import { contentSecurityPolicy } from "./src/security/content-security-policy";

/**
 * On every page and API answer of the web app. Pages get their policy with a nonce from proxy.ts
 * instead; the others this one (scripts from the app only).
 */
export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy() },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
  // Loaded by Node at run time, never bundled: Prisma's client and driver adapter, the
  // PostgreSQL driver and the queue clients (native add-ons, dynamic requires, engine files).
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "pino"],
  // Workspace packages ship TypeScript source (their `exports` point at src/index.ts).
  transpilePackages: [
    "@interflow/api",
    "@interflow/components",
    "@interflow/db",
    "@interflow/flow",
    "@interflow/queue",
    "@interflow/sdk",
  ],
};

export default nextConfig;
