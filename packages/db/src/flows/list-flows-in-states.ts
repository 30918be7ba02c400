import type { FlowState } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowWithWorkspace, toFlowWithWorkspace, withWorkspace } from "./flow-with-workspace";

/** Every flow (all workspaces) in one of `states`: what the worker reconciles on boot. */
export async function listFlowsInStates(db: Db, p: { states: FlowState[]; workspaceId?: string }): Promise<FlowWithWorkspace[]> {
  if (p.states.length === 0) return [];
  const rows = await db.prisma.flow.findMany({
    where: { state: { in: p.states }, ...(p.workspaceId ? { workspaceId: p.workspaceId } : {}) },
    include: withWorkspace,
    orderBy: [{ stateChangedAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toFlowWithWorkspace);
}
