import { checkRedis, probe, readiness } from "@interflow/queue";
import type { ApiServices } from "./services";

/** The web app's readiness: its PostgreSQL and its Redis answer (`/readyz`). */
export async function apiReadiness(services: Pick<ApiServices, "db" | "redis">): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
  const [postgres, redis] = await Promise.all([probe("postgresql (SELECT 1)", () => services.db.prisma.$queryRaw`SELECT 1`), checkRedis(services.redis)]);
  return readiness({ postgres, redis });
}
