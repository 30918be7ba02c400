import { RetryableError, StepError } from "@interflow/sdk";
import { httpAgent } from "./agent";
import { requestFailure } from "./network-error";
import type { RequestPlan } from "./request-plan";
import { type HttpResponse, readResponse } from "./response";

export interface SendParams {
  plan: RequestPlan;
  headers: Record<string, string>;
  body: string | undefined;
  /** aborted when the runner shuts down */
  signal: AbortSignal;
}

/**
 * Sends one request over the shared pool and reads the whole response within the plan's timeout.
 * Throws a RetryableError or StepError when no response arrives; any response is returned as is.
 */
export async function sendRequest({ plan, headers, body, signal }: SendParams): Promise<HttpResponse & { invalidJson?: string }> {
  if (signal.aborted) throw new RetryableError(`${plan.label} not sent: the runner is shutting down`);
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, plan.timeoutMs);
  const onShutdown = () => abort.abort();
  signal.addEventListener("abort", onShutdown, { once: true });
  try {
    const response = await httpAgent().request({
      origin: plan.origin,
      path: plan.path,
      method: plan.method,
      headers,
      body,
      signal: abort.signal,
    });
    return await readResponse(response, plan.label);
  } catch (err) {
    if (err instanceof StepError) throw err;
    if (timedOut) throw new RetryableError(`${plan.label} timed out after ${plan.timeoutMs} ms`, { details: { timeoutMs: plan.timeoutMs }, cause: err });
    if (signal.aborted) throw new RetryableError(`${plan.label} aborted: the runner is shutting down`, { cause: err });
    throw requestFailure(err, plan.label);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onShutdown);
  }
}
