import type { EmitOptions, StepCredential, StepFetch, StepLogger } from "./component";

/** What a push trigger's `subscribe` receives: where to hand each message it gets from its source. */
export interface SubscribeContext<Config> {
  config: Config;
  credential?: StepCredential;
  /**
   * hands one message to the flow; resolves once it is durably in the flow's queues (then, and not
   * before, the source may be told it was taken: an ack, a PUBACK). Rejects when it could not be.
   */
  emit(body: unknown, options?: EmitOptions): Promise<void>;
  logger: StepLogger;
  /** HTTP requests under the installation's network rules (see StepFetch) */
  fetch: StepFetch;
  /** aborted when the runner shuts down */
  signal: AbortSignal;
  /** a name for this subscription that stays the same across restarts of the step (a durable session's client id) */
  subscriberId: string;
}

/** A running subscription: closed when the step stops (stop, suspend, redeploy), so the source keeps what comes meanwhile. */
export interface Subscription {
  close(): Promise<void>;
}
