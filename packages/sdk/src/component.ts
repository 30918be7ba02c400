import { z } from "zod";
import type { CredentialDefinition } from "./credential";
import type { FieldDefinition, Help, InputSchema } from "./fields";
import type { ComponentCatalog, FunctionKind, StepMessage } from "./message";
import type { OptionsFunction } from "./options";
import type { PollContext } from "./polling";
import type { Subscription, SubscribeContext } from "./push";

export interface StepLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface EmitOptions {
  /** headers of the emitted message (default: none) */
  headers?: Record<string, unknown>;
  /**
   * the message reaches the next steps after this many milliseconds (at most MAX_EMIT_DELAY_MS):
   * it waits durably in their queues, shown as waiting on the flow's page
   */
  delayMs?: number;
}

/** The longest a message may wait before its next steps take it (30 days). */
export const MAX_EMIT_DELAY_MS = 30 * 24 * 3600_000;

export interface Emitter {
  /** emits a message to every next step; may be called any number of times */
  data(body: unknown, options?: EmitOptions): void;
  /**
   * ends the message's way here on purpose (a filter that does not keep it): counted as filtered,
   * not as an error; a step that emits nothing without saying so simply ends the message's way
   */
  filtered(): void;
}

/**
 * The credential a step signs in with: its kind and every field of it, the values and the
 * secrets in the clear. A runner gets its own step's credential only.
 */
export interface StepCredential {
  authKind: string;
  fields: Record<string, unknown>;
}

/**
 * The platform's `fetch`: requests under the installation's outbound network rules (an address
 * they refuse fails with a StepError naming it, before anything is sent), over the runner's pooled
 * connections, reaching targets on the host's loopback through the relay when the step runs in a
 * container. A component's own `fetch` bypasses none of the rules (its container's firewall holds
 * them too) but gets none of this: use this one.
 */
export type StepFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** What a component function receives for one message. */
export interface StepContext<Config> {
  config: Config;
  /** the step's credential, when its node names one (never log its fields) */
  credential?: StepCredential;
  /** the incoming message; for actions its body is the result of the step's mapping */
  message: StepMessage;
  emit: Emitter;
  logger: StepLogger;
  /** HTTP requests under the installation's network rules (see StepFetch) */
  fetch: StepFetch;
  /** aborted when the runner shuts down */
  signal: AbortSignal;
}

/** An HTTP request as the gateway received it, for webhook triggers. */
export interface WebhookRequest {
  method: string;
  /** the path after `/hook/<flowId>` (at least "/") */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** the raw body (a Node Buffer at run time) */
  body: Uint8Array;
}

export interface WebhookMessage {
  body: unknown;
  headers: Record<string, unknown>;
}

interface FunctionBase<Config> {
  title: string;
  description: string;
  helpUrl?: string;
  /** shown when picking the function and configuring it */
  help?: Help;
  /** the configuration form, field by field (none: the function has no settings) */
  fields?: FieldDefinition[];
  /** validates and defaults `node.config` (checked when the flow is saved and when a runner starts) */
  config: z.ZodType<Config>;
  /**
   * it only computes from the message (no call to an application, nothing written anywhere): the
   * designer's whole-flow test run runs it without asking (default: it may have effects outside)
   */
  pure?: boolean;
  /** handles one message; the default passes the body on unchanged */
  process: (ctx: StepContext<Config>) => Promise<void>;
}

export interface TriggerFunction<Config = unknown> extends FunctionBase<Config> {
  kind: "trigger";
  /** for webhook triggers: turns the gateway's request into the first message (pure, no I/O) */
  parseRequest?: (request: WebhookRequest, config: Config) => WebhookMessage;
  /**
   * for webhook triggers: judges a request by its method and headers before its body is read
   * (throws a WebhookRequestError to refuse it: nothing of the body is read, nothing is queued)
   */
  acceptRequest?: (request: Omit<WebhookRequest, "body">, config: Config) => void;
  /**
   * for polling triggers: asks the source for what is new or changed since the snapshot, emits one
   * message per record and the next snapshot. Runs on the flow's schedule and on "run now", one
   * run at a time per flow; a run that throws emits nothing and keeps the old snapshot.
   */
  poll?: (ctx: PollContext<Config>) => Promise<void>;
  /**
   * for push triggers: subscribes to the source (a broker's queue or topic) and emits each message
   * it gets, telling the source it was taken only once `emit` resolved. Runs while the flow runs,
   * on the step's first replica; closed when the flow stops or is suspended (the source keeps
   * what comes meanwhile). A subscription that fails (it throws, or the connection is lost for
   * good) ends the runner, which is started again.
   */
  subscribe?: (ctx: SubscribeContext<Config>) => Promise<Subscription>;
}

/**
 * How a collecting step gathers messages into one (see `ActionFunction.collect`): up to `size`
 * messages, or what came within `windowMs` of the first, per value of `key` (JSONata over each
 * message; none: one batch at a time).
 */
export interface CollectPolicy {
  size: number;
  windowMs?: number;
  key?: string;
  /** the batch's body: `{ items: [...] }` (the default) or the bare list of bodies */
  body?: "items" | "list";
}

export interface ActionFunction<Config = unknown> extends FunctionBase<Config> {
  kind: "action";
  /**
   * a collecting step: its runner gathers the messages durably in Redis (they survive a kill) and
   * emits each batch as one message — the bodies in order, `$headers.batch` saying how it closed —
   * instead of calling `process` per message (`process` is what a single test run does)
   */
  collect?: (config: Config) => CollectPolicy;
  /** the message body the action expects (the step's mapping builds it); none: it takes any body as it comes */
  input?: InputSchema;
}

export type ComponentFunction = TriggerFunction<any> | ActionFunction<any>;

export interface ComponentDefinition {
  name: string;
  title: string;
  description: string;
  icon: string;
  helpUrl?: string;
  help?: Help;
  functions: Record<string, ComponentFunction>;
  /** the functions `dynamic-select` fields name in `optionsFrom`, by name */
  options?: Record<string, OptionsFunction>;
  /** the ways its steps authenticate, one per auth kind (none: its steps need no credential) */
  credentials?: CredentialDefinition[];
}

const passThrough = async (ctx: StepContext<unknown>) => {
  ctx.emit.data(ctx.message.body);
};

type FunctionParams<F extends FunctionBase<any>> = Omit<F, "kind" | "process" | "config"> &
  Partial<Pick<F, "process" | "config">>;

export function defineTrigger<Config = Record<string, never>>(
  params: FunctionParams<TriggerFunction<Config>>,
): TriggerFunction<Config> {
  return {
    ...params,
    kind: "trigger",
    config: params.config ?? (z.object({}) as unknown as z.ZodType<Config>),
    process: params.process ?? passThrough,
  };
}

export function defineAction<Config = Record<string, never>>(
  params: FunctionParams<ActionFunction<Config>>,
): ActionFunction<Config> {
  return {
    ...params,
    kind: "action",
    config: params.config ?? (z.object({}) as unknown as z.ZodType<Config>),
    process: params.process ?? passThrough,
  };
}

export function defineComponent(
  params: Omit<ComponentDefinition, "icon"> & { icon?: string },
): ComponentDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(params.name)) throw new Error(`component name "${params.name}" must be lower-case kebab`);
  for (const [name, fn] of Object.entries(params.functions)) {
    for (const field of fn.fields ?? []) {
      if (field.type === "dynamic-select" && !params.options?.[field.optionsFrom]) {
        throw new Error(`component "${params.name}": field "${field.key}" of ${name} takes its options from "${field.optionsFrom}", which the component's options do not have`);
      }
    }
  }
  return { ...params, icon: params.icon ?? "puzzle" };
}

/** What flow validation needs to know about a set of components. */
export function catalogOf(components: readonly ComponentDefinition[]): ComponentCatalog {
  const catalog: ComponentCatalog = {};
  for (const component of components) {
    catalog[component.name] = {
      functions: Object.fromEntries(
        Object.entries(component.functions).map(([name, fn]) => [name, { kind: fn.kind as FunctionKind, config: fn.config }]),
      ),
    };
  }
  return catalog;
}
