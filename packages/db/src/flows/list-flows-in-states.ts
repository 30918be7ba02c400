import type { FlowState } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/** Every flow (all workspaces) in one of `states`: what the worker reconciles on boot. */
export async function listFlowsInStates(db: Db, p: { states: FlowState[] }): Promise<FlowRecord[]> {
  if (p.states.length === 0) return [];
  const rows = await db.prisma.flow.findMany({
    where: { state: { in: p.states } },
    include: withCurrentVersion,
    orderBy: [{ stateChangedAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toFlowRecord);
}
