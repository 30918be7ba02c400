import { RUNNER_BEAT_MS, SECRETS_ON_STDIN_VARIABLE, STEP_LOCK } from "@interflow/queue";
import { z } from "zod";

/** The runner's whole configuration comes from its environment (set by the StepRuntime). */
export const runnerEnvSchema = z.object({
  REDIS_URL: z.string().url(),
  INTERFLOW_FLOW_ID: z.string().min(1),
  INTERFLOW_STEP_ID: z.string().min(1),
  INTERFLOW_REPLICA: z.coerce.number().int().min(0).default(0),
  INTERFLOW_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  INTERFLOW_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  INTERFLOW_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(1).default(1_000),
  /** how long a runner's lock on a job lasts: a runner that stopped gives its jobs back after it (stalls are looked for twice as often) */
  INTERFLOW_STEP_LOCK_MS: z.coerce.number().int().min(500).default(STEP_LOCK.lockDurationMs),
  /** how often the runner says it is alive */
  INTERFLOW_RUNNER_BEAT_MS: z.coerce.number().int().min(100).default(RUNNER_BEAT_MS),
  /** 1: the runner's secrets (its step's credential key) come on its stdin, as one JSON object — never in the environment */
  [SECRETS_ON_STDIN_VARIABLE]: z.enum(["0", "1"]).default("0"),
});
export type RunnerEnv = z.infer<typeof runnerEnvSchema>;

export function readRunnerEnv(env: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const parsed = runnerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`runner environment is invalid: ${problems}`);
  }
  return parsed.data;
}
