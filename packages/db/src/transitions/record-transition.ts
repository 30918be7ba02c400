import { AppError, AppErrorCode, type FlowEvent, type FlowState } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowTransitionRecord, toTransitionRecord } from "./transition-record";

/**
 * Moves the flow from `from` to `to` and appends the transition, in one transaction. The move is
 * conditional: if the flow is no longer in `from` (someone else moved it), nothing is written and
 * a Conflict names the state it is in.
 */
export async function recordTransition(
  db: Db,
  p: { flowId: string; from: FlowState; to: FlowState; event: FlowEvent; cause: string },
): Promise<FlowTransitionRecord> {
  return db.prisma.$transaction(async (tx) => {
    const { count } = await tx.flow.updateMany({
      where: { id: p.flowId, state: p.from },
      // staying in a state (a new version) keeps the time it was entered
      data: p.from === p.to ? { state: p.to } : { state: p.to, stateChangedAt: new Date() },
    });
    if (count === 0) {
      const flow = await tx.flow.findUnique({ where: { id: p.flowId }, select: { state: true } });
      if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
      throw new AppError(AppErrorCode.Conflict, `flow ${p.flowId} is ${flow.state}, not ${p.from}`, {
        flowId: p.flowId,
        state: flow.state,
        expected: p.from,
      });
    }
    const row = await tx.flowTransition.create({
      data: { flowId: p.flowId, fromState: p.from, toState: p.to, event: p.event, cause: p.cause },
    });
    return toTransitionRecord(row);
  });
}
