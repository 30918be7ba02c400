import { type Redis, readReplicaCounts, readRunnerRestarts } from "@interflow/queue";
import { z } from "zod";

/** What a step's runners do, beside its messages: replicas wanted and up, restarts. */
export const stepRunnersShape = {
  /** replicas it should run (the document's count, or what a scaling set while it runs) and how many report as consuming */
  replicas: z.object({ wanted: z.number(), up: z.number(), scaled: z.boolean() }),
  /** its runners exited unasked and were replaced: how often, and the last time why (out of memory, an exit code) */
  restarts: z.object({ count: z.number(), lastAt: z.iso.datetime(), replica: z.number(), reason: z.string(), oomKilled: z.boolean() }).nullable(),
};

/** Reads a flow's replica counts and restarts at once; answers each step's view. */
export async function readStepRunners(redis: Redis, flowId: string) {
  const [restarts, counts] = await Promise.all([readRunnerRestarts(redis, flowId), readReplicaCounts(redis, flowId)]);
  return (stepId: string, documentedReplicas: number | undefined) => {
    const count = counts.get(stepId);
    const restart = restarts.get(stepId);
    return {
      replicas: { wanted: count?.scaledTo ?? documentedReplicas ?? 1, up: count?.up ?? 0, scaled: count?.scaledTo != null },
      restarts: restart ? { count: restart.count, lastAt: new Date(restart.at).toISOString(), replica: restart.replica, reason: restart.reason, oomKilled: restart.oomKilled } : null,
    };
  };
}
