import type { Db } from "../db";
import { type FlowTransitionRecord, toTransitionRecord } from "./transition-record";

/** The newest transition of each of the workspace's `flowIds` (one query), by flow id. */
export async function latestTransitions(db: Db, p: { workspaceId: string; flowIds: string[] }): Promise<Map<string, FlowTransitionRecord>> {
  if (p.flowIds.length === 0) return new Map();
  const rows = await db.prisma.flowTransition.findMany({
    where: { flowId: { in: p.flowIds }, flow: { workspaceId: p.workspaceId } },
    distinct: ["flowId"],
    orderBy: [{ flowId: "asc" }, { at: "desc" }, { id: "desc" }],
  });
  return new Map(rows.map((row) => [row.flowId, toTransitionRecord(row)]));
}
