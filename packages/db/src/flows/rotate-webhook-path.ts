import { randomBytes } from "node:crypto";
import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/**
 * Gives the flow's webhook a new unguessable URL segment (24 random bytes, base64url); the one it
 * had (its id, before the first rotation) is still answered until `previousUntil`, then 404.
 */
export async function rotateWebhookPath(db: Db, p: { workspaceId: string; flowId: string; previousUntil: Date }): Promise<FlowRecord> {
  return db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ id: string; webhookPath: string | null }>>`
      SELECT id, "webhookPath" FROM "Flow" WHERE id = ${p.flowId} AND "workspaceId" = ${p.workspaceId} FOR UPDATE`;
    if (!row) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
    const updated = await tx.flow.update({
      where: { id: row.id },
      data: { webhookPath: randomBytes(24).toString("base64url"), previousWebhookPath: row.webhookPath ?? row.id, previousWebhookPathUntil: p.previousUntil },
      include: withCurrentVersion,
    });
    return toFlowRecord(updated);
  });
}
