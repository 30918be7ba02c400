import { getApiServicesFromEnv, metricsResponse, readApiEnv } from "@interflow/api";

// Prometheus scrapes it (see metrics-endpoint.ts for who may): read from Redis and PostgreSQL each time.
export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return metricsResponse(getApiServicesFromEnv(), req.headers, readApiEnv().INTERFLOW_METRICS_OPEN);
}
