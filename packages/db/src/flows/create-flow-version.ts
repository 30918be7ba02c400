import { AppError, AppErrorCode, type FlowDocument } from "@interflow/flow";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/**
 * Versions are immutable: an edited document becomes the next version and the flow's current one.
 * Two edits racing for the same version number: the second gets a Conflict and may retry.
 */
export async function createFlowVersion(
  db: Db,
  p: { workspaceId: string; flowId: string; document: FlowDocument; author?: string },
): Promise<FlowRecord> {
  try {
    return await db.prisma.$transaction(async (tx) => {
      const flow = await tx.flow.findFirst({ where: { id: p.flowId, workspaceId: p.workspaceId }, select: { id: true } });
      if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
      const latest = await tx.flowVersion.aggregate({ where: { flowId: p.flowId }, _max: { version: true } });
      const version = await tx.flowVersion.create({
        data: {
          flowId: p.flowId,
          version: (latest._max.version ?? 0) + 1,
          document: p.document as unknown as Prisma.InputJsonValue,
          author: p.author ?? null,
        },
      });
      const row = await tx.flow.update({
        where: { id: p.flowId },
        data: { name: p.document.name, type: p.document.type, currentVersionId: version.id, updatedAt: version.createdAt },
        include: withCurrentVersion,
      });
      return toFlowRecord(row);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError(AppErrorCode.Conflict, `flow ${p.flowId} was changed at the same time; load it again and retry`);
    }
    throw error;
  }
}
