import type { StepCredential } from "@interflow/sdk";
import { StepError } from "@interflow/sdk";
import type { RequestConfig } from "./config";
import { type HttpAuth, httpAuthOf } from "./auth";
import { type RequestPlan, requestPlanOf } from "./request-plan";

/**
 * The plan with the credential applied: its header added, or its API key appended to the query.
 * The label stays without the query, so an API key sent there never shows in a message or a log.
 * A header or query parameter the config sets too is refused rather than silently overridden
 * either way.
 */
export function withAuth(plan: RequestPlan, auth: HttpAuth): { ok: true; plan: RequestPlan } | { ok: false; field: "headers" | "url"; message: string } {
  if (auth.place === "header") {
    const written = plan.configHeaders.get(auth.name);
    if (written !== undefined) {
      return { ok: false, field: "headers", message: `config.headers.${written}: the step's credential (${auth.kind}) sets ${written}; remove it from the step's headers` };
    }
    return { ok: true, plan: { ...plan, headers: { ...plan.headers, [auth.name]: auth.value } } };
  }
  if (plan.queryNames.has(auth.name)) {
    return { ok: false, field: "url", message: `config.url: its query sets "${auth.name}", which the step's credential (${auth.kind}) sets; remove it from the URL` };
  }
  const parameter = `${encodeURIComponent(auth.name)}=${encodeURIComponent(auth.value)}`;
  return { ok: true, plan: { ...plan, path: `${plan.path}${plan.path.includes("?") ? "&" : "?"}${parameter}` } };
}

const authorised = new WeakMap<RequestPlan, WeakMap<StepCredential, RequestPlan>>();

/**
 * What a step sends for its config and credential: worked out once per runner (the runner keeps
 * both), a lookup per message. A credential that cannot be applied fails each message as a
 * StepError naming the field at fault, never a value.
 */
export function requestPlanFor(config: RequestConfig, credential: StepCredential | undefined): RequestPlan {
  const plan = requestPlanOf(config);
  if (!credential) return plan;
  let byCredential = authorised.get(plan);
  const known = byCredential?.get(credential);
  if (known) return known;
  const auth = httpAuthOf(credential);
  if (!auth.ok) throw new StepError(`${plan.label} not sent: the step's credential (${credential.authKind}): ${auth.message}`);
  const applied = withAuth(plan, auth.auth);
  if (!applied.ok) throw new StepError(`${plan.label} not sent: ${applied.message}`);
  if (!byCredential) {
    byCredential = new WeakMap();
    authorised.set(plan, byCredential);
  }
  byCredential.set(credential, applied.plan);
  return applied.plan;
}
