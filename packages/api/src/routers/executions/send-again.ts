import { createHash, randomUUID } from "node:crypto";
import { pollingTriggerOf } from "@interflow/components";
import { type Db, type ExecutionStatus, executionIdsBetween, type FailedMessageRecord, type FlowRecord, pickFailedMessages, recordsOfExecutions, resolveFailedMessages } from "@interflow/db";
import { AppError, AppErrorCode, type MessageEnvelope, messagesAtStep, type ReplayRecord, replayedMessage, STATE_LABELS, triggerNodeOf } from "@interflow/flow";
import { injectMessages, type Redis, sendControlCommand } from "@interflow/queue";
import type { Queue } from "bullmq";
import { workspaceComponents } from "../../workspace-components";

/** Most messages one retry or replay sends (run it again for the rest). */
export const SEND_AGAIN_LIMIT = 10_000;

export interface SendAgainResult {
  /** messages sent again */
  sent: number;
  /** the executions they started (the first 100) */
  executions: string[];
  /** what was not sent, and why */
  skipped: Array<{ id: string; reason: string }>;
}

interface Deps {
  db: Db;
  redis: Redis;
  controlQueue: Queue;
}

const hash = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 32);

/** States whose queues are worked (or kept, while suspended): messages sent again wait there for their turn. */
const RECEIVING = new Set(["running", "sleeping", "starting", "suspended"]);

/** The flow takes messages (or keeps them, suspended), and has the step they are sent to. */
export function checkTarget(flow: FlowRecord, p: { fromStep?: string }): void {
  if (!RECEIVING.has(flow.state)) {
    throw new AppError(AppErrorCode.Conflict, `flow "${flow.name}" is ${STATE_LABELS[flow.state]}: start it, then send the messages again (a stopped flow's queues are not worked)`);
  }
  if (p.fromStep !== undefined && !flow.document.nodes.some((n) => n.id === p.fromStep)) {
    throw new AppError(AppErrorCode.BadRequest, `fromStep: version ${flow.version} of flow "${flow.name}" has no step "${p.fromStep}" (its steps: ${flow.document.nodes.map((n) => n.id).join(", ")})`);
  }
}

/** Queues the messages (one job each, deterministic id) and wakes a sleeping flow. */
async function send(deps: Deps, flow: FlowRecord, messages: Array<{ stepId: string; message: MessageEnvelope }>, cause: string): Promise<void> {
  const byStep = new Map<string, Array<{ message: MessageEnvelope; jobId: string }>>();
  for (const { stepId, message } of messages) {
    const list = byStep.get(stepId) ?? [];
    list.push({ message, jobId: hash(`${message.meta.executionId}/${message.id}`) });
    byStep.set(stepId, list);
  }
  for (const [stepId, list] of byStep) await injectMessages(deps.redis, { flowId: flow.id, stepId, messages: list });
  if (flow.state === "sleeping" && messages.length > 0) await sendControlCommand(deps.controlQueue, { type: "wake", flowId: flow.id, workspaceId: flow.workspaceId, cause });
}

/** The records of the executions, read in pieces. */
async function ownRecordsOf(db: Db, flowId: string, executionIds: string[]): Promise<Map<string, ReplayRecord[]>> {
  const all = new Map<string, ReplayRecord[]>();
  for (let i = 0; i < executionIds.length; i += 500) {
    for (const [id, records] of await recordsOfExecutions(db, { flowId, executionIds: executionIds.slice(i, i + 500) })) all.set(id, records);
  }
  return all;
}

/** how many executions back a retry of a retry of … is followed */
const REPLAY_DEPTH = 5;

/**
 * The executions' step records, each followed by those of the executions it replays: a retry holds
 * records from the step it was sent to only, and what it never passed (an earlier step, the
 * trigger's request) is in the execution it retried — with the same message ids, kept by retries.
 */
async function recordsOf(db: Db, flowId: string, executionIds: string[]): Promise<Map<string, ReplayRecord[]>> {
  const all = await ownRecordsOf(db, flowId, executionIds);
  let frontier = new Map(executionIds.map((id) => [id, id]));
  for (let depth = 0; depth < REPLAY_DEPTH && frontier.size > 0; depth++) {
    const parents = await replayedBy(db, flowId, [...new Set(frontier.values())]);
    const next = new Map<string, string>();
    for (const [id, at] of frontier) {
      const parent = parents.get(at);
      if (parent) next.set(id, parent);
    }
    const parentRecords = await ownRecordsOf(db, flowId, [...new Set(next.values())]);
    for (const [id, parent] of next) all.set(id, [...(all.get(id) ?? []), ...(parentRecords.get(parent) ?? [])]);
    frontier = next;
  }
  return all;
}

/** execution id → the execution it replays (those that replay one) */
async function replayedBy(db: Db, flowId: string, executionIds: string[]): Promise<Map<string, string>> {
  const rows = await db.prisma.execution.findMany({ where: { flowId, id: { in: executionIds }, replayOf: { not: null } }, select: { id: true, replayOf: true } });
  return new Map(rows.map((row) => [row.id, row.replayOf as string]));
}

/**
 * Sends failed messages again, each as a new execution linked to the one it failed in, keeping its
 * message id (the receiver's idempotency key): from the step it failed at, or from `fromStep` (its
 * input there rebuilt from the execution's records), with its body replaced when `body` is given
 * (one message only). Each is marked retried, once: messages are queued first (deterministic job
 * ids), then marked, so a crash in between can only send one twice, never lose one.
 */
export async function retryFailedMessages(
  deps: Deps,
  p: { flow: FlowRecord; ids?: string[]; fromStep?: string; body?: unknown; by: string },
): Promise<SendAgainResult> {
  const { flow } = p;
  checkTarget(flow, p);
  const picked = await pickFailedMessages(deps.db, { workspaceId: flow.workspaceId, flowId: flow.id, ids: p.ids, limit: SEND_AGAIN_LIMIT });
  if (picked.length > SEND_AGAIN_LIMIT) throw new AppError(AppErrorCode.BadRequest, `messages: at most ${SEND_AGAIN_LIMIT} at once`);
  if (p.body !== undefined && picked.length !== 1) throw new AppError(AppErrorCode.BadRequest, "body: an edited body retries exactly one message; name one");
  const steps = new Set(flow.document.nodes.map((n) => n.id));
  const skipped: SendAgainResult["skipped"] = [];
  const rebuilt = p.fromStep ? await recordsOf(deps.db, flow.id, [...new Set(picked.filter((f) => f.stepId !== p.fromStep).map((f) => f.executionId))]) : new Map();
  const sending: Array<{ stepId: string; message: MessageEnvelope; failed: FailedMessageRecord }> = [];
  for (const failed of picked) {
    const stepId = p.fromStep ?? failed.stepId;
    if (!steps.has(stepId)) {
      skipped.push({ id: failed.id, reason: `version ${flow.version} has no step "${stepId}" any more: retry it from another step (fromStep)` });
      continue;
    }
    const executionId = hash(`retry/${failed.id}`);
    let original: MessageEnvelope | undefined = failed.message;
    if (stepId !== failed.stepId) {
      const found = onPathAt(rebuilt.get(failed.executionId) ?? [], failed, stepId, flow.id);
      if (typeof found === "string") {
        skipped.push({ id: failed.id, reason: found });
        continue;
      }
      original = found;
    }
    sending.push({ stepId, failed, message: replayedMessage({ message: original, executionId, replayOf: failed.executionId, stepId, flowVersion: flow.version, body: p.body }) });
  }
  await send(deps, flow, sending, `failed messages retried by ${p.by}`);
  const marked = await resolveFailedMessages(deps.db, {
    workspaceId: flow.workspaceId,
    flowId: flow.id,
    status: "retried",
    by: p.by,
    ids: sending.map((s) => s.failed.id),
    retriedAs: new Map(sending.map((s) => [s.failed.id, s.message.meta.executionId])),
  });
  const sent = sending.filter((s) => marked.includes(s.failed.id));
  return { sent: sent.length, executions: sent.slice(0, 100).map((s) => s.message.meta.executionId), skipped };
}

/** The message at `stepId` on the way to the failed one (itself, or a forebear), rebuilt from the execution's records; or why not. */
function onPathAt(records: ReplayRecord[], failed: FailedMessageRecord, stepId: string, flowId: string): MessageEnvelope | string {
  if (records.length === 0) return `the execution's step records are not kept (the flow keeps bodies only of failures, or retention removed them): retry it from step "${failed.stepId}"`;
  const path = new Set<string>([failed.messageId]);
  for (let id: string | null = failed.message.meta.parentMessageId; id !== null && !path.has(id); ) {
    path.add(id);
    id = records.find((r) => r.messageId === id)?.parentMessageId ?? null;
  }
  const { messages, problems } = messagesAtStep({ records, stepId, flowId, flowVersion: failed.flowVersion, executionId: failed.executionId });
  const onPath = messages.find((m) => path.has(m.id));
  if (onPath) return onPath;
  return problems[0] ?? `it never reached step "${stepId}" (it failed at "${failed.stepId}")`;
}

/**
 * Where a replay enters the flow unless told: the trigger, with the request as it came in. A
 * polling trigger's messages come from its source, not from a request (its tries of them have no
 * input): a poll run hands each one, with its own id, to the steps after the trigger, and so does
 * a replay.
 */
async function entrySteps(db: Db, flow: FlowRecord): Promise<string[]> {
  const trigger = triggerNodeOf(flow.document)?.id;
  if (!trigger) throw new AppError(AppErrorCode.BadRequest, `flow "${flow.name}" has no trigger`);
  if (!pollingTriggerOf(flow.document, await workspaceComponents(db, flow.workspaceId))) return [trigger];
  return [...new Set(flow.document.edges.filter((e) => e.source === trigger).map((e) => e.target))];
}

/**
 * Replays the flow's executions that started in [from, to) (only those with one of `status`):
 * each as a new execution linked to it, its messages entering at `fromStep` (default: where they
 * entered the flow, see entrySteps) as they reached it then — rebuilt from its step records, so
 * only where the flow kept them.
 */
export async function replayExecutions(
  deps: Deps,
  p: { flow: FlowRecord; from: Date; to: Date; status?: ExecutionStatus[]; fromStep?: string; limit: number; by: string },
): Promise<SendAgainResult> {
  const { flow } = p;
  checkTarget(flow, p);
  const stepIds = p.fromStep ? [p.fromStep] : await entrySteps(deps.db, flow);
  const ids = await executionIdsBetween(deps.db, { workspaceId: flow.workspaceId, flowId: flow.id, from: p.from, to: p.to, status: p.status, limit: Math.min(p.limit, SEND_AGAIN_LIMIT) });
  const records = await recordsOf(deps.db, flow.id, ids);
  const request = randomUUID();
  const skipped: SendAgainResult["skipped"] = [];
  const sending: Array<{ stepId: string; message: MessageEnvelope }> = [];
  const started: string[] = [];
  for (const id of ids) {
    const found = stepIds.map((stepId) => ({ stepId, ...messagesAtStep({ records: records.get(id) ?? [], stepId, flowId: flow.id, flowVersion: flow.version, executionId: id }) }));
    if (found.every((f) => f.messages.length === 0)) {
      skipped.push({ id, reason: found.flatMap((f) => f.problems)[0] ?? `it did not reach step ${stepIds.map((s) => `"${s}"`).join(" or ")}` });
      continue;
    }
    const executionId = hash(`replay/${request}/${id}`);
    started.push(executionId);
    for (const { stepId, messages } of found) {
      for (const message of messages) sending.push({ stepId, message: replayedMessage({ message, executionId, replayOf: id, stepId, flowVersion: flow.version }) });
    }
  }
  await send(deps, flow, sending, `executions replayed by ${p.by}`);
  return { sent: sending.length, executions: started.slice(0, 100), skipped };
}
