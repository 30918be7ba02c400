/**
 * Every Redis key Interflow uses is named here. Per-flow keys carry the flow id as a hash tag
 * (`{flowId}`) so a flow's queues live in one Redis Cluster slot.
 */
export const KEY_PREFIX = "if";

/** BullMQ prefix for a flow's step queues: keys become `if:{flowId}:<stepId>:…`. */
export const flowQueuePrefix = (flowId: string) => `${KEY_PREFIX}:{${flowId}}`;

/** Full name of a step queue, as the architecture page writes it. */
export const stepQueueName = (flowId: string, stepId: string) => `${flowQueuePrefix(flowId)}:${stepId}`;

export const keys = {
  /** hash: flowId → JSON route the gateway reads (see routes.ts) */
  routes: `${KEY_PREFIX}:routes`,
  /** pub/sub channel announcing route changes */
  routesChannel: `${KEY_PREFIX}:routes:changed`,
  /** the deployed step specs of one flow version (JSON), read by runners at boot */
  deployment: (flowId: string) => `${flowQueuePrefix(flowId)}:deployment`,
  /** hash: field `<stepId>:<counter>` → number */
  stats: (flowId: string) => `${flowQueuePrefix(flowId)}:stats`,
  /**
   * the same counters per time bucket (`size` 10 s or 60 s, `bucket` = epoch seconds / size), kept
   * for the dashboard's last minute and last hour
   */
  statsBucket: (flowId: string, size: 10 | 60, bucket: number) => `${flowQueuePrefix(flowId)}:stats:${size}:${bucket}`,
  /**
   * list of failed messages as runners before executions kept them (newest first); the worker moves
   * what an older version left there into the failed messages
   */
  legacyErrors: (flowId: string) => `${flowQueuePrefix(flowId)}:errors`,
  /** stream: step records and failed messages runners hand to the worker (see executions.ts) */
  records: (flowId: string) => `${flowQueuePrefix(flowId)}:records`,
  /** list: records entries PostgreSQL refused (kept as they were, for a person to look at) */
  unwritableRecords: (flowId: string) => `${flowQueuePrefix(flowId)}:records-unwritable`,
  /**
   * hash: step id → JSON of the last time the application refused that step's credential
   * (see credential-failures.ts); the worker's monitor marks the credential and clears the field
   */
  credentialFailures: (flowId: string) => `${flowQueuePrefix(flowId)}:credential-failures`,
  /** hash: step id → JSON snapshot of a polling step (what its next run starts from); kept when the flow stops */
  snapshots: (flowId: string) => `${flowQueuePrefix(flowId)}:snapshots`,
  /** hash: step id → JSON of its last poll run (when, how long, messages emitted, error) and counts */
  pollRuns: (flowId: string) => `${flowQueuePrefix(flowId)}:poll-runs`,
  /** string: a poll run's result, written before it is emitted, so a run cut short finishes as it was */
  pollPending: (flowId: string, stepId: string) => `${flowQueuePrefix(flowId)}:poll-pending:${stepId}`,
  /** string: the replica running a poll of the step now (one run at a time) */
  pollLock: (flowId: string, stepId: string) => `${flowQueuePrefix(flowId)}:poll-lock:${stepId}`,
  /** hash: step id → replicas it runs while the flow runs, set by scaling (overrides the document's count until the flow stops) */
  replicaOverrides: (flowId: string) => `${flowQueuePrefix(flowId)}:replicas`,
  /** hash: step id → JSON of its runners' restarts: how many, and the last one's replica, time and reason */
  runnerRestarts: (flowId: string) => `${flowQueuePrefix(flowId)}:runner-restarts`,
  /** list: a step's runners' output lines (JSON, newest first, bounded, expiring) */
  stepLogs: (flowId: string, stepId: string) => `${flowQueuePrefix(flowId)}:logs:${stepId}`,
  /** hash: `<stepId>:<replica>` → JSON runner status (pid, startedAt, consuming) */
  runners: (flowId: string) => `${flowQueuePrefix(flowId)}:runners`,
  /** a collecting step's open batch for one key (hash `<keyHash>`): its messages' JSON, in order (list) */
  batchMessages: (flowId: string, stepId: string, keyHash: string) => `${flowQueuePrefix(flowId)}:batch:${stepId}:${keyHash}:messages`,
  /** the open batch's id, key, bytes and opening time (hash) */
  batchMeta: (flowId: string, stepId: string, keyHash: string) => `${flowQueuePrefix(flowId)}:batch:${stepId}:${keyHash}:meta`,
  /**
   * a message a collecting step took already (its re-taken job adds it no second time): `tryId`
   * names the try (execution, message, attempt), so a retry or a replay of the message is added again
   */
  batched: (flowId: string, stepId: string, tryId: string) => `${flowQueuePrefix(flowId)}:batched:${stepId}:${tryId}`,
  /** a closed batch's messages and meta until it is emitted (a crash in between: emitted at the runner's start) */
  sealedMessages: (flowId: string, stepId: string, batchId: string) => `${flowQueuePrefix(flowId)}:sealed:${stepId}:${batchId}:messages`,
  sealedMeta: (flowId: string, stepId: string, batchId: string) => `${flowQueuePrefix(flowId)}:sealed:${stepId}:${batchId}:meta`,
  /** ids of the step's closed batches not emitted yet (set) */
  sealedBatches: (flowId: string, stepId: string) => `${flowQueuePrefix(flowId)}:sealed:${stepId}`,
  /** hash: `<stepId>.messages` / `<stepId>.bytes` → what waits in that step's queue (backpressure; a collecting step's open batches included), `.waiting` of those a delay step holds, `.collected` of those in open batches */
  backlog: (flowId: string) => `${flowQueuePrefix(flowId)}:backlog`,
  /** set on resume while the flow works off what it held over its limits (no new suspension meanwhile) */
  draining: (flowId: string) => `${flowQueuePrefix(flowId)}:draining`,
  /**
   * the designer listening for test requests to the flow's test URL (JSON: trigger, config), with a
   * time to live: while it exists the gateway takes requests at `/test-hook/<flowId>`
   */
  /** string, 24 h: the message id a webhook with this Idempotency-Key (its digest) was queued as ("pending" for seconds while it is queued) */
  ingressIdempotency: (flowId: string, digest: string) => `${flowQueuePrefix(flowId)}:webhook:idempotency:${digest}`,
  /** string, kept for the replay window: a signed webhook (by its signature's digest) was taken once; the same again is refused */
  webhookSignatureSeen: (flowId: string, mark: string) => `${flowQueuePrefix(flowId)}:webhook:seen:${mark}`,
  webhookListener: (flowId: string) => `${flowQueuePrefix(flowId)}:test-hook:listener`,
  /** list of the test requests received while listening (JSON, oldest first, bounded) */
  webhookTestRequests: (flowId: string) => `${flowQueuePrefix(flowId)}:test-hook:requests`,
  /** leader lease of the worker */
  workerLease: `${KEY_PREFIX}:worker:leader`,
  /** string: who refreshes an OAuth2 credential's tokens now (one refresh at a time, whoever asks) */
  oauth2RefreshLock: (credentialId: string) => `${KEY_PREFIX}:oauth2:refresh:${credentialId}`,
  /** string: one pending OAuth2 authorization (state → who connects which credential), for minutes */
  oauth2State: (state: string) => `${KEY_PREFIX}:oauth2:state:${state}`,
};

/** BullMQ queue (prefix + name) where the API sends commands for the worker. */
export const CONTROL_QUEUE = { prefix: KEY_PREFIX, name: "control" } as const;

/** BullMQ queue where the API asks a worker to run a step once for the designer (samples, select options). */
export const STEP_TEST_QUEUE = { prefix: KEY_PREFIX, name: "step-tests" } as const;
