import type { Db } from "../db";
import { type FlowWithWorkspace, toFlowWithWorkspace, withWorkspace } from "./flow-with-workspace";

/** For the worker, which acts on any workspace's flows: not scoped to a workspace. */
export async function getFlowById(db: Db, p: { flowId: string }): Promise<FlowWithWorkspace | null> {
  const row = await db.prisma.flow.findUnique({ where: { id: p.flowId }, include: withWorkspace });
  return row ? toFlowWithWorkspace(row) : null;
}
