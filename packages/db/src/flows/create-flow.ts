import { randomUUID } from "node:crypto";
import type { FlowDocument } from "@interflow/flow";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/** A new flow, stopped, whose version 1 is `document` (already validated by the caller). */
export async function createFlow(db: Db, p: { workspaceId: string; document: FlowDocument; author?: string }): Promise<FlowRecord> {
  const flowId = randomUUID();
  const versionId = randomUUID();
  const [, row] = await db.prisma.$transaction([
    db.prisma.flow.create({
      data: {
        id: flowId,
        workspaceId: p.workspaceId,
        name: p.document.name,
        type: p.document.type,
        versions: { create: { id: versionId, version: 1, document: p.document as unknown as Prisma.InputJsonValue, author: p.author ?? null } },
      },
    }),
    db.prisma.flow.update({ where: { id: flowId }, data: { currentVersionId: versionId }, include: withCurrentVersion }),
  ]);
  return toFlowRecord(row);
}
