import { createHmac } from "node:crypto";
import { z } from "zod";
import { openStepCredential, sealStepCredential, stepConfigDigest, type StepCredentialContent } from "./step-credential";

/**
 * How a webhook's secret reaches the gateways, and them only.
 *
 * A webhook trigger whose node names a credential (basic auth, an API key or an HMAC signing
 * secret) is checked by the gateway before anything is queued, so the gateway needs the secret. It
 * never gets the installation's INTERFLOW_ENCRYPTION_KEY (it never opens credentials): the worker
 * opens the credential and seals it again for the gateways with the webhook key
 * (INTERFLOW_WEBHOOK_KEY — by default derived from the encryption key with HMAC-SHA256 under its own
 * label, so one secret per installation is enough; `npm start` hands the gateway the derived key),
 * bound to the flow, its version, the trigger step and its config. The sealed text goes into the
 * flow's route in Redis: Redis never holds the secret in the clear, a route copied to another flow
 * does not open, and a runner (which never reads routes) has no key to open it anyway.
 */
export const WEBHOOK_KEY_VARIABLE = "INTERFLOW_WEBHOOK_KEY";

const LABEL = "interflow webhook authentication v1";

/** The webhook key derived from the installation's encryption key (its 32 bytes). */
export function deriveWebhookKey(encryptionKey: Buffer): string {
  return createHmac("sha256", encryptionKey).update(LABEL).digest("base64url");
}

/** A webhook key as given (64 hex digits, or base64/base64url of 32 bytes): as base64url, or an error naming the variable. */
export function parseWebhookKey(text: string): string {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  if (bytes.length !== 32) throw new Error(`${WEBHOOK_KEY_VARIABLE} must be 32 random bytes as 64 hex digits or as base64 (e.g. from \`openssl rand -base64 32\`)`);
  return bytes.toString("base64url");
}

/** INTERFLOW_WEBHOOK_KEY in an environment schema: unset or empty is none; anything else must be a key. */
export const webhookKeySchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === "") return undefined;
    try {
      return parseWebhookKey(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

/** What a route says of its webhook's authentication. */
export const routeAuthSchema = z.object({
  /** the credential the trigger's node names */
  credentialId: z.string(),
  /** its kind and fields sealed with the webhook key; absent when it could not be opened (see problem) */
  sealed: z.string().optional(),
  /** why the credential could not be sealed for the gateways: every request is refused (503) until it is fixed */
  problem: z.string().optional(),
});
export type RouteAuth = z.infer<typeof routeAuthSchema>;

interface RouteBinding {
  flowId: string;
  flowVersion: number;
  triggerStepId: string;
  component: string;
  function: string;
  config: Record<string, unknown>;
}

const bindingOf = (route: RouteBinding) => ({
  flowId: route.flowId,
  flowVersion: route.flowVersion,
  // never the step's own binding: a runner's step key and a gateway's sealed text never stand in for each other
  stepId: `${route.triggerStepId}#gateway`,
  config: stepConfigDigest({ component: route.component, function: route.function, config: route.config }),
});

export function sealRouteAuth(p: { webhookKey: string; route: RouteBinding; credential: StepCredentialContent }): string {
  return sealStepCredential({ key: p.webhookKey, binding: bindingOf(p.route), credential: p.credential });
}

export function openRouteAuth(p: { webhookKey: string; route: RouteBinding; sealed: string }): StepCredentialContent {
  return openStepCredential({ key: p.webhookKey, binding: bindingOf(p.route), sealed: p.sealed });
}

interface TestHookBinding {
  flowId: string;
  /** the trigger's step id in the draft */
  stepId: string;
  component: string;
  function: string;
  config: Record<string, unknown>;
}

// the designer's test URL: its own binding (never a running route's, never a runner's)
const testHookBindingOf = (p: TestHookBinding) => ({
  flowId: p.flowId,
  flowVersion: 0,
  stepId: `${p.stepId}#test-hook`,
  config: stepConfigDigest({ component: p.component, function: p.function, config: p.config }),
});

/** The draft trigger's credential sealed for the gateways' test URL (the web app seals it when the designer starts listening). */
export function sealTestHookAuth(p: { webhookKey: string; listener: TestHookBinding; credential: StepCredentialContent }): string {
  return sealStepCredential({ key: p.webhookKey, binding: testHookBindingOf(p.listener), credential: p.credential });
}

export function openTestHookAuth(p: { webhookKey: string; listener: TestHookBinding; sealed: string }): StepCredentialContent {
  return openStepCredential({ key: p.webhookKey, binding: testHookBindingOf(p.listener), sealed: p.sealed });
}
