import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { CONTROL_QUEUE } from "./names";

/** A command for the worker; the API validates the transition, the worker carries it out. */
export const controlCommandSchema = z.object({
  type: z.enum(["start", "stop", "suspend", "resume", "wake", "redeploy", "scale"]),
  flowId: z.string(),
  workspaceId: z.string(),
  /** why, in words, stored with the transition (e.g. "started by token 'admin' via API") */
  cause: z.string(),
  requestedAt: z.string(),
  /** scale: the step and how many replicas it runs from now on */
  scale: z.object({ stepId: z.string(), replicas: z.number().int().min(1).max(10) }).optional(),
});
export type ControlCommand = z.infer<typeof controlCommandSchema>;

export const CONTROL_JOB = {
  name: "flow.command",
  schema: controlCommandSchema,
  options: { attempts: 5, backoff: { type: "exponential", delay: 500 }, removeOnComplete: 1000, removeOnFail: 1000 },
} as const;

export function createControlQueue(connection: Redis): Queue {
  return new Queue(CONTROL_QUEUE.name, { connection, prefix: CONTROL_QUEUE.prefix });
}

export async function sendControlCommand(queue: Queue, command: Omit<ControlCommand, "requestedAt" | "scale"> & { scale?: ControlCommand["scale"] }): Promise<void> {
  const payload = controlCommandSchema.parse({ ...command, requestedAt: new Date().toISOString() });
  await queue.add(CONTROL_JOB.name, payload, CONTROL_JOB.options);
}
