import type { NextConfig } from "next";

/**
 * What a browser may do with the app's pages: scripts, styles, images and connections only from the
 * app itself (inline scripts and styles: Next.js's bootstrap and React's style attributes), no
 * plugins, never inside another site's frame (clickjacking), forms posting only here.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** On every page and API answer of the web app. */
export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
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
