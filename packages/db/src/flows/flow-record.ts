import { AppError, AppErrorCode, type FlowDocument, type FlowState } from "@interflow/flow";
import type { Prisma, FlowState as StoredFlowState } from "../generated/prisma/client";

/** A flow with its current version, as every flow query returns it. */
export interface FlowRecord {
  id: string;
  workspaceId: string;
  name: string;
  type: "ordinary" | "realtime";
  state: FlowState;
  stateChangedAt: Date;
  version: number;
  versionId: string;
  document: FlowDocument;
  createdAt: Date;
  updatedAt: Date;
  /** its webhook URL's last segment (the flow id until the URL is first rotated), and the one it replaced while its grace period lasts */
  hook: WebhookPaths;
}

export interface WebhookPaths {
  path: string;
  previous: { path: string; until: Date } | null;
}

// The database enum must hold exactly the states of packages/flow: a mismatch fails typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statesMatch: Same<StoredFlowState, FlowState> = true;
void statesMatch;

export const withCurrentVersion = { currentVersion: true } satisfies Prisma.FlowInclude;
export type FlowRow = Prisma.FlowGetPayload<{ include: typeof withCurrentVersion }>;

export function toFlowRecord(row: FlowRow): FlowRecord {
  const current = row.currentVersion;
  if (!current) throw new AppError(AppErrorCode.Internal, `flow ${row.id} has no current version`);
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    type: row.type,
    state: row.state,
    stateChangedAt: row.stateChangedAt,
    version: current.version,
    versionId: current.id,
    // validated by validateFlow before it was stored; versions are immutable
    document: current.document as unknown as FlowDocument,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    hook: {
      path: row.webhookPath ?? row.id,
      previous: row.previousWebhookPath && row.previousWebhookPathUntil ? { path: row.previousWebhookPath, until: row.previousWebhookPathUntil } : null,
    },
  };
}
