import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";

export interface FlowDraft {
  /** the working document: anything the designer saved, valid or not */
  document: unknown;
  samples: Record<string, unknown>;
  updatedAt: Date;
  author: string | null;
  baseVersion: number | null;
}

/** The flow's draft, or null when it has none (the designer then starts from the current version). */
export async function getFlowDraft(db: Db, p: { workspaceId: string; flowId: string }): Promise<FlowDraft | null> {
  const flow = await db.prisma.flow.findFirst({
    where: { id: p.flowId, workspaceId: p.workspaceId },
    select: { draft: true, draftSamples: true, draftUpdatedAt: true, draftAuthor: true, draftBaseVersion: true },
  });
  if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
  if (flow.draft === null || !flow.draftUpdatedAt) return null;
  return {
    document: flow.draft,
    samples: (flow.draftSamples as Record<string, unknown> | null) ?? {},
    updatedAt: flow.draftUpdatedAt,
    author: flow.draftAuthor,
    baseVersion: flow.draftBaseVersion,
  };
}

/** Keeps the designer's working copy (autosave); the flow's versions are not touched. */
export async function saveFlowDraft(
  db: Db,
  p: { workspaceId: string; flowId: string; document: unknown; samples: Record<string, unknown>; author: string; baseVersion: number },
): Promise<FlowDraft> {
  const { count } = await db.prisma.flow.updateMany({
    where: { id: p.flowId, workspaceId: p.workspaceId },
    data: {
      draft: p.document as Prisma.InputJsonValue,
      draftSamples: p.samples as Prisma.InputJsonValue,
      draftUpdatedAt: new Date(),
      draftAuthor: p.author,
      draftBaseVersion: p.baseVersion,
    },
  });
  if (count === 0) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
  const draft = await getFlowDraft(db, p);
  if (!draft) throw new AppError(AppErrorCode.Internal, `flow ${p.flowId}: the draft just saved is gone`);
  return draft;
}

/** Forgets the draft (after publishing it, or when the person throws it away). */
export async function clearFlowDraft(db: Db, p: { workspaceId: string; flowId: string }): Promise<void> {
  const { count } = await db.prisma.flow.updateMany({
    where: { id: p.flowId, workspaceId: p.workspaceId },
    data: { draft: Prisma.DbNull, draftSamples: Prisma.DbNull, draftUpdatedAt: null, draftAuthor: null, draftBaseVersion: null },
  });
  if (count === 0) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
}
