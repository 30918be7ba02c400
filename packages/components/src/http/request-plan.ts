import type { RequestConfig } from "./config";

/** What a step's config decides about every request it sends, worked out once per config. */
export interface RequestPlan {
  method: RequestConfig["method"];
  origin: string;
  /** path and query, as sent on the request line */
  path: string;
  /** method and URL without the query (which may hold secrets), for messages and logs */
  label: string;
  sendsBody: boolean;
  /** lower-case names; the idempotency key is added per message */
  headers: Record<string, string>;
  /** the headers the config sets, lower-case name → name as written (a credential may not set them too) */
  configHeaders: ReadonlyMap<string, string>;
  /** the query parameters the URL sets (a credential's API key may not set them too) */
  queryNames: ReadonlySet<string>;
  timeoutMs: number;
}

const plans = new WeakMap<RequestConfig, RequestPlan>();

function planOf(config: RequestConfig): RequestPlan {
  const url = new URL(config.url);
  const sendsBody = config.method !== "GET" && config.method !== "DELETE";
  const headers: Record<string, string> = sendsBody ? { "content-type": "application/json" } : {};
  const configHeaders = new Map<string, string>();
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    headers[name.toLowerCase()] = value;
    configHeaders.set(name.toLowerCase(), name);
  }
  return {
    method: config.method,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    label: `${config.method} ${url.origin}${url.pathname}`,
    sendsBody,
    headers,
    configHeaders,
    queryNames: new Set(url.searchParams.keys()),
    timeoutMs: config.timeoutMs,
  };
}

/** The plan for a parsed config; the runner parses a step's config once, so this is a lookup per message. */
export function requestPlanOf(config: RequestConfig): RequestPlan {
  let plan = plans.get(config);
  if (!plan) {
    plan = planOf(config);
    plans.set(config, plan);
  }
  return plan;
}
