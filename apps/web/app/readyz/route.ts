import { apiReadiness, getApiServicesFromEnv } from "@interflow/api";

// Ready: its PostgreSQL and Redis answer now (a load balancer sends people elsewhere otherwise).
export const dynamic = "force-dynamic";

export async function GET() {
  const { status, body } = await apiReadiness(getApiServicesFromEnv());
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
