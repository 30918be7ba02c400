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
  timeoutMs: number;
}

const plans = new WeakMap<RequestConfig, RequestPlan>();

function planOf(config: RequestConfig): RequestPlan {
  const url = new URL(config.url);
  const sendsBody = config.method !== "GET" && config.method !== "DELETE";
  const headers: Record<string, string> = sendsBody ? { "content-type": "application/json" } : {};
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: config.method,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    label: `${config.method} ${url.origin}${url.pathname}`,
    sendsBody,
    headers,
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
