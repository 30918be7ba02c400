/**
 * `@interflow/sdk/testing`: runs a component's functions the way a step runner does — a config
 * parsed through the function's schema, a credential, a message or a snapshot — so that a
 * component's tests can call them against a real local server, without a platform.
 */
import type { ComponentFunction, StepContext, StepCredential, StepFetch, StepLogger, TriggerFunction } from "./component";
import type { CredentialDefinition, CredentialVerification } from "./credential";
import type { MessageMeta, StepMessage } from "./message";
import { SNAPSHOT_LIMIT_BYTES } from "./polling";

export interface RunStepInput {
  /** the step's raw config; parsed through the function's config schema like a runner does */
  config: unknown;
  body: unknown;
  headers?: Record<string, unknown>;
  /** the message id (default "msg-1") */
  id?: string;
  /** earlier steps' output bodies, as the envelope carries them for `$steps` */
  steps?: Record<string, unknown>;
  /** the step's credential, as its runner opens it */
  credential?: StepCredential;
  /** where the message is (default: flow-1 v1, execution-1, step-1, first attempt) */
  meta?: Partial<MessageMeta>;
  signal?: AbortSignal;
  /** what the step logs (default: nothing is kept) */
  logger?: StepLogger;
  /** the step's fetch (default: this process's own, without the platform's network rules) */
  fetch?: StepFetch;
}

export interface EmittedMessage {
  body: unknown;
  headers: Record<string, unknown> | undefined;
  /** how long it is to wait before the next steps take it (emit's delayMs) */
  delayMs?: number;
}

export interface RunStepResult {
  /** the bodies the step emitted, in order */
  emitted: unknown[];
  /** the emitted bodies with their headers */
  emittedMessages: EmittedMessage[];
  /** the step said the message's way ends here (emit.filtered) */
  filtered: boolean;
}

const silentLogger: StepLogger = { info() {}, warn() {}, error() {} };

const testMeta: MessageMeta = {
  flowId: "flow-1",
  flowVersion: 1,
  executionId: "execution-1",
  stepId: "step-1",
  parentMessageId: null,
  traceId: "trace-1",
  attempt: 0,
};

/** Runs one component function on one message the way a step runner would. A throw is the step's error, as in a runner. */
export async function runStep(fn: ComponentFunction, input: RunStepInput): Promise<RunStepResult> {
  const emittedMessages: EmittedMessage[] = [];
  let filtered = false;
  const message: StepMessage = {
    id: input.id ?? "msg-1",
    body: input.body,
    headers: input.headers ?? {},
    attachments: [],
    steps: input.steps ?? {},
    meta: { ...testMeta, ...input.meta },
  };
  const ctx: StepContext<unknown> = {
    config: fn.config.parse(input.config),
    credential: input.credential,
    message,
    emit: {
      data: (body, options) => emittedMessages.push({ body, headers: options?.headers, ...(options?.delayMs !== undefined ? { delayMs: options.delayMs } : {}) }),
      filtered: () => {
        filtered = true;
      },
    },
    logger: input.logger ?? silentLogger,
    fetch: input.fetch ?? globalThis.fetch,
    signal: input.signal ?? new AbortController().signal,
  };
  await fn.process(ctx);
  return { emitted: emittedMessages.map((m) => m.body), emittedMessages, filtered };
}

export interface RunPollInput {
  /** the step's raw config, parsed through the function's schema */
  config: unknown;
  /** what the last successful run kept (undefined: the first run) */
  snapshot?: unknown;
  credential?: StepCredential;
  /** when the run starts (default: now) */
  now?: Date;
  /** a "Run now" rather than one of the schedule's */
  manual?: boolean;
  signal?: AbortSignal;
  logger?: StepLogger;
  fetch?: StepFetch;
}

export interface RunPollResult {
  /** the records emitted, one body per message, in order */
  emitted: unknown[];
  emittedMessages: EmittedMessage[];
  /** the snapshot the next run starts from: the new one when the run set one, the old one otherwise */
  snapshot: unknown;
}

/**
 * Runs a polling trigger once, as its runner does on the schedule: a run that throws keeps the old
 * snapshot (the throw reaches the caller); a snapshot over 5 KB fails the run, as it would there.
 */
export async function runPoll(fn: TriggerFunction<any>, input: RunPollInput): Promise<RunPollResult> {
  if (!fn.poll) throw new Error(`"${fn.title}" is not a polling trigger: it has no poll()`);
  const emittedMessages: EmittedMessage[] = [];
  let next: { value: unknown } | undefined;
  await fn.poll({
    config: fn.config.parse(input.config),
    credential: input.credential,
    snapshot: input.snapshot,
    emit: {
      data: (body, options) => emittedMessages.push({ body, headers: options?.headers, ...(options?.delayMs !== undefined ? { delayMs: options.delayMs } : {}) }),
      snapshot: (value) => {
        next = { value };
      },
    },
    logger: input.logger ?? silentLogger,
    fetch: input.fetch ?? globalThis.fetch,
    signal: input.signal ?? new AbortController().signal,
    now: input.now ?? new Date(),
    manual: input.manual,
  });
  if (next) {
    const size = Buffer.byteLength(JSON.stringify(next.value ?? null), "utf8");
    if (size > SNAPSHOT_LIMIT_BYTES) throw new Error(`the snapshot is ${size} bytes: at most ${SNAPSHOT_LIMIT_BYTES} may be kept between runs`);
  }
  return { emitted: emittedMessages.map((m) => m.body), emittedMessages, snapshot: next ? next.value : input.snapshot };
}

/** Verifies a credential's fields as the runner does when someone presses *Verify* (time limit: `timeoutMs`, default 10 s). */
export async function verifyCredential(
  definition: CredentialDefinition,
  fields: Record<string, unknown>,
  options: { timeoutMs?: number; fetch?: StepFetch } = {},
): Promise<CredentialVerification> {
  if (!definition.verify) throw new Error(`the "${definition.authKind}" credential cannot be verified: it has no verify()`);
  return definition.verify({ fields, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), fetch: options.fetch ?? globalThis.fetch });
}
