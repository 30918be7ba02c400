import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
