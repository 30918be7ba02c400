import type { Prisma } from "../generated/prisma/client";
import { type FlowRecord, type FlowRow, toFlowRecord } from "./flow-record";

/** A flow as the worker acts on it: with what its workspace says about limits. */
export interface FlowWithWorkspace extends FlowRecord {
  workspaceLimited: boolean;
  /** the workspace's queue limits for flows whose document sets none; null: the platform default */
  workspaceLimits: { messages: number | null; bytes: number | null };
  /** the workspace's idle period for ordinary flows whose document sets none; null: the platform default */
  workspaceIdleSeconds: number | null;
}

export const withWorkspace = {
  currentVersion: true,
  workspace: { select: { limited: true, limitMessages: true, limitBytes: true, idleSeconds: true } },
} satisfies Prisma.FlowInclude;

export function toFlowWithWorkspace(
  row: FlowRow & { workspace: { limited: boolean; limitMessages: number | null; limitBytes: bigint | null; idleSeconds: number | null } },
): FlowWithWorkspace {
  const { limited, limitMessages, limitBytes, idleSeconds } = row.workspace;
  return {
    ...toFlowRecord(row),
    workspaceLimited: limited,
    workspaceLimits: { messages: limitMessages, bytes: limitBytes === null ? null : Number(limitBytes) },
    workspaceIdleSeconds: idleSeconds,
  };
}
