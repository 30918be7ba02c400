import { useTokenFetch } from "@interflow/oauth2";
import { StepError, type StepFetch } from "@interflow/sdk";
import { Agent, fetch as undiciFetch } from "undici";
import { type EgressPolicy, EgressRefusedError, egressPolicyFromEnv, guardedConnector } from "./egress";

let agent: Agent | undefined;
let policy: EgressPolicy | undefined;

/**
 * The one keep-alive connection pool of this process: every request of every http step reuses
 * connections to the same origin instead of opening one per message. Every new connection is
 * checked against the installation's network rules (egress.ts).
 */
export function httpAgent(): Agent {
  agent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: guardedConnector(egressPolicy(), { timeout: 10_000 }) });
  return agent;
}

/** This process's network rules (from its environment unless configured): also the database steps' (postgres/connection.ts). */
export function egressPolicy(): EgressPolicy {
  policy ??= egressPolicyFromEnv();
  return policy;
}

// OAuth2 token requests (Verify, Connect, refreshes) go out under the same rules, over the same pool
useTokenFetch(((input: string, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: httpAgent() })) as unknown as typeof fetch);

/** Sets the network rules of this process's requests (the worker from its settings, tests); open connections close. */
export async function configureEgress(next: EgressPolicy): Promise<void> {
  policy = next;
  await closeHttpAgent();
}

/** Closes the pooled connections (when the runner shuts down); a later request opens a new pool. */
export async function closeHttpAgent(): Promise<void> {
  const closing = agent;
  agent = undefined;
  await closing?.close();
}

/**
 * The `fetch` every step gets (`ctx.fetch`, custom components' too): this process's pool, under its
 * network rules. An address the rules refuse is the step's error (a StepError naming it: retrying
 * would not help), not a network failure to retry.
 */
export const platformFetch: StepFetch = async (input, init) => {
  try {
    return (await undiciFetch(input, { ...(init as object), dispatcher: httpAgent() })) as unknown as Response;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof EgressRefusedError) throw new StepError(cause.message, { cause });
    throw error;
  }
};
