import type { MessageMeta } from "@interflow/flow";
import type { ComponentFunction, StepContext, StepCredential, StepLogger } from "@interflow/sdk";

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
  signal?: AbortSignal;
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

/** Runs one component function on one message the way a step runner would, for tests. */
export async function runStep(fn: ComponentFunction, input: RunStepInput): Promise<RunStepResult> {
  const emittedMessages: EmittedMessage[] = [];
  let filtered = false;
  const message = {
    id: input.id ?? "msg-1",
    body: input.body,
    headers: input.headers ?? {},
    attachments: [],
    steps: input.steps ?? {},
    meta: testMeta,
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
    logger: silentLogger,
    signal: input.signal ?? new AbortController().signal,
  };
  await fn.process(ctx);
  return { emitted: emittedMessages.map((m) => m.body), emittedMessages, filtered };
}
