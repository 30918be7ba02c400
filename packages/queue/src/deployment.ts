import { z } from "zod";
import { webhookRateSchema } from "./rate-limits";
import { routeAuthSchema } from "./route-auth";
import { DEFAULT_EXECUTION_MODE, EXECUTION_MODES } from "./executions";

/** What a step runner needs to run its step; written to Redis by the worker at start. */
export const deployedStepSchema = z.object({
  id: z.string(),
  component: z.string(),
  function: z.string(),
  config: z.record(z.string(), z.unknown()),
  mapping: z.string().optional(),
  replicas: z.number().int().min(1),
  /** messages one replica works on at once (prefetch); unset: the worker's default */
  concurrency: z.number().int().min(1).optional(),
  /** each replica's limits (where the runtime enforces them: docker); unset: the runtime's defaults */
  resources: z.object({ memoryMb: z.number().optional(), cpus: z.number().optional() }).optional(),
  /** ids of the steps this one emits to */
  next: z.array(z.string()),
  /**
   * when its connections carry conditions (or an otherwise): each connection in the document's
   * order and whether a message goes along every one that holds or the first ("routing"); unset:
   * every message goes to every next step
   */
  routes: z
    .object({
      routing: z.enum(["all", "first"]),
      connections: z.array(z.object({ target: z.string(), condition: z.string().optional(), otherwise: z.literal(true).optional() })),
    })
    .optional(),
  /**
   * the credential the step signs in with: its id, and its content sealed for this step's runners
   * with a key only they get (see step-credential.ts); never in the clear
   */
  credential: z.object({ id: z.string(), sealed: z.string() }).optional(),
  /** a custom component's step: the installed version, the image it runs in (docker) and its code's digest */
  custom: z.object({ version: z.string(), image: z.string(), bundleSha256: z.string() }).optional(),
});

export const deploymentSchema = z.object({
  flowId: z.string(),
  workspaceId: z.string(),
  flowVersion: z.number().int(),
  flowType: z.enum(["ordinary", "realtime"]),
  triggerStepId: z.string(),
  /** what the flow keeps of its executions (settings.executions): runners leave out bodies they need not hand over */
  executions: z.enum(EXECUTION_MODES).default(DEFAULT_EXECUTION_MODE),
  steps: z.record(z.string(), deployedStepSchema),
});
export type DeployedStep = z.infer<typeof deployedStepSchema>;
export type Deployment = z.infer<typeof deploymentSchema>;

/** What the gateway needs to accept a webhook for a flow (hash `keys.routes`). */
export const routeSchema = z.object({
  flowId: z.string(),
  workspaceId: z.string(),
  flowVersion: z.number().int(),
  /**
   * running: queue webhooks; sleeping: queue them and wake the flow; suspended: answer 503 (the
   * sender keeps the message) while the queues are kept
   */
  state: z.enum(["running", "sleeping", "suspended"]),
  triggerStepId: z.string(),
  component: z.string(),
  function: z.string(),
  config: z.record(z.string(), z.unknown()),
  /**
   * a trigger that only passes its message on (the built-in webhook without a mapping or conditions,
   * see directEntryOf): the gateway hands each message straight to these next steps' queues with
   * the trigger step's record and counters, one hop less per message
   */
  entry: z.object({ next: z.array(z.string()).min(1), executions: z.enum(EXECUTION_MODES) }).optional(),
  /** the first queues' limits: at them the gateway answers 429 */
  limits: z.object({ messages: z.number().int().min(1), bytes: z.number().int().min(1) }),
  /** the webhook's authentication, when its node names a credential (see route-auth.ts) */
  auth: routeAuthSchema.optional(),
  /** the flow's webhook rates (answered 429 with Retry-After over them), when it sets any */
  rate: webhookRateSchema.optional(),
  /**
   * the webhook URL's last segment(s) the gateway answers: the current one, and the one a rotation
   * replaced until its grace period ends (ISO time; then 404). Absent: the flow id
   */
  hook: z.object({ path: z.string().min(1), previous: z.object({ path: z.string().min(1), until: z.string() }).optional() }).optional(),
});
export type Route = z.infer<typeof routeSchema>;

/** What of a flow's webhook paths the gateways need (route.hook), or none while its URL is its id. */
export function routeHookOf(hook: { path: string; previous: { path: string; until: Date } | null }, flowId: string): Route["hook"] {
  if (hook.path === flowId && !hook.previous) return undefined;
  return { path: hook.path, ...(hook.previous ? { previous: { path: hook.previous.path, until: hook.previous.until.toISOString() } } : {}) };
}

/** What a runner reports about itself in `keys.runners(flowId)`. */
export const runnerStatusSchema = z.object({
  stepId: z.string(),
  replica: z.number().int(),
  flowVersion: z.number().int(),
  pid: z.number().int(),
  /** this runner's own id (pids repeat across containers) */
  instance: z.string(),
  startedAt: z.string(),
  consuming: z.boolean(),
  /** when it last said it is alive (it does every beat while its event loop runs): the worker replaces one that stopped */
  beatAt: z.string().optional(),
});
export type RunnerStatus = z.infer<typeof runnerStatusSchema>;

/**
 * Where the gateway may hand a webhook's message straight to (the trigger's next steps), when the
 * trigger step would only pass it on: the built-in webhook trigger, without a mapping, conditions
 * on its connections or a custom component's code. Undefined: the trigger's runner takes it.
 */
export function directEntryOf(deployment: Deployment): Route["entry"] {
  const trigger = deployment.steps[deployment.triggerStepId];
  if (trigger?.component !== "webhook" || trigger.function !== "receive") return undefined;
  if (trigger.mapping !== undefined || trigger.routes !== undefined || trigger.custom !== undefined || trigger.next.length === 0) return undefined;
  return { next: trigger.next, executions: deployment.executions };
}
