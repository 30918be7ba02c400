import { platformFetch } from "@interflow/components";
import { compileExpression, type MessageEnvelope, mappingErrorText } from "@interflow/flow";
import { evaluateMappingLimited } from "@interflow/flow/sandbox";
import { type RetryPolicy, retryDelayMs, STEP_RETRY } from "@interflow/queue";
import { type ComponentFunction, MAX_EMIT_DELAY_MS, type StepCredential, StepError, type StepLogger } from "@interflow/sdk";
import { classifyFailure, type MessageOutcome } from "./classify";

export interface StepExecutorOptions {
  fn: ComponentFunction;
  config: unknown;
  mapping?: string;
  /** the step's credential, opened (none: the step's node names no credential) */
  credential?: StepCredential;
  logger: StepLogger;
  signal: AbortSignal;
  retry?: RetryPolicy;
}

/** The built-ins whose config holds JSONata (transform's expression, a condition, a path, a time, a key, the http poll's paths). */
const EVALUATING_STEPS = new Set(["transform/map", "filter/keep", "split/items", "batch/collect", "delay/wait", "http/poll"]);

/** Whether the step evaluates expressions (its mapping, or a built-in whose config holds JSONata): its runner warms the evaluator at boot. */
export function evaluatesExpressions(step: { component: string; function: string; mapping?: string }): boolean {
  return step.mapping !== undefined || EVALUATING_STEPS.has(`${step.component}/${step.function}`);
}

/** Runs one step's component on one message at a time: mapping first, then the component. */
export class StepExecutor {
  private readonly mapping: string | undefined;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: StepExecutorOptions) {
    this.retry = options.retry ?? STEP_RETRY;
    if (options.mapping !== undefined) {
      const compiled = compileExpression(options.mapping);
      // The flow was validated when saved; a broken mapping here is a broken contract.
      if (!compiled.ok) throw new Error(`mapping is not valid JSONata: ${compiled.error.message}`);
      this.mapping = options.mapping;
    }
  }

  /** The mapping's result, evaluated off this process's event loop with the installation's limits; its failure fails the message. */
  private async mapped(mapping: string, message: MessageEnvelope): Promise<unknown> {
    try {
      return await evaluateMappingLimited(mapping, message.body, { headers: message.headers, steps: message.steps });
    } catch (error) {
      throw new StepError(`mapping failed: ${mappingErrorText(mapping, error as { message: string; position?: number })}`, { details: { mapping }, cause: error });
    }
  }

  async execute(message: MessageEnvelope): Promise<MessageOutcome> {
    const outputs: Array<{ body: unknown; headers: Record<string, unknown>; delayMs?: number }> = [];
    let filtered = false;
    try {
      const body = this.mapping === undefined ? message.body : await this.mapped(this.mapping, message);
      await this.options.fn.process({
        config: this.options.config,
        credential: this.options.credential,
        message: { ...message, body },
        emit: {
          // one shape for every output (a spread per message costs more than the property)
          data: (out, opts) => outputs.push({ body: out, headers: opts?.headers ?? {}, delayMs: opts?.delayMs ? waitOf(opts.delayMs) : undefined }),
          filtered: () => {
            filtered = true;
          },
        },
        logger: this.options.logger,
        fetch: platformFetch,
        signal: this.options.signal,
      });
      return filtered && outputs.length === 0 ? { kind: "emitted", outputs, filtered: true } : { kind: "emitted", outputs };
    } catch (error) {
      const failure = classifyFailure(error);
      const attempts = message.meta.attempt + 1;
      if (failure.kind === "retryable" && attempts < this.retry.attempts) {
        return { kind: "retry", delayMs: retryDelayMs(message.meta.attempt, failure.retryAfterMs, this.retry), failure };
      }
      return { kind: "failed", failure, attempts };
    }
  }
}

/** A component's wait, as a whole number of milliseconds within 0 … MAX_EMIT_DELAY_MS (a wait the component got wrong is not the runner's to fail on). */
function waitOf(delayMs: number): number {
  return Number.isFinite(delayMs) ? Math.min(Math.max(0, Math.round(delayMs)), MAX_EMIT_DELAY_MS) : 0;
}
