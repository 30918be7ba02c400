import { collectDefaultMetrics, Registry } from "prom-client";
import { createContext } from "../context";
import type { ApiServices } from "../services";
import { METRICS_CONTENT_TYPE, platformMetrics } from "./platform-metrics";

/** the web app process's own metrics (Node's: memory, event loop, GC), made once */
let own: Registry | undefined;
function ownMetrics(): Registry {
  if (!own) {
    own = new Registry();
    collectDefaultMetrics({ register: own, prefix: "interflow_web_" });
  }
  return own;
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

/**
 * `GET /metrics` of the web app: the platform's view (platform-metrics.ts) and this process's own.
 * An API token (`Authorization: Bearer …`) sees its workspace's flows; with `open` (the
 * installation's INTERFLOW_METRICS_OPEN=1) anyone sees every workspace's, for a scraper on a
 * private network. Nothing else signs in here: a browser's session cookie does not.
 */
export async function metricsResponse(services: ApiServices, headers: Headers, open: boolean): Promise<Response> {
  let workspaceId: string | undefined;
  if (!open) {
    if (!/^bearer\s+\S/i.test(headers.get("authorization") ?? "")) {
      return text(401, "metrics: send an API token as `Authorization: Bearer <token>` (or set INTERFLOW_METRICS_OPEN=1 on a private network)\n", {
        "www-authenticate": 'Bearer realm="interflow metrics"',
      });
    }
    const { caller } = await createContext({ services, headers });
    if (caller?.kind !== "token") return text(401, "metrics: the API token is not valid (revoked, expired or mistyped)\n", { "www-authenticate": 'Bearer realm="interflow metrics", error="invalid_token"' });
    workspaceId = caller.workspaceId;
  }
  const body = `${await platformMetrics(services, { workspaceId })}${await ownMetrics().metrics()}`;
  return text(200, body, { "content-type": METRICS_CONTENT_TYPE });
}
