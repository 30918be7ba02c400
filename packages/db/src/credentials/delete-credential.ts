import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowUsingCredential, queryFlowsUsingCredential } from "./flows-using-credential";
import { credentialNotFound } from "./update-credential";

function where(flow: FlowUsingCredential): string {
  if (flow.inCurrentVersion && flow.inDraft) return "current version and draft";
  return flow.inCurrentVersion ? "current version" : "draft";
}

/** Deleting a credential that flows use would break them: the refusal names each flow and where it is used. */
function credentialInUse(name: string, flows: FlowUsingCredential[]): AppError {
  const named = flows.map((flow) => `"${flow.name}" (${where(flow)})`).join(", ");
  return new AppError(
    AppErrorCode.Conflict,
    `id: the credential "${name}" is used by ${flows.length === 1 ? `the flow ${named}: choose another credential for its steps` : `the flows ${named}: choose another credential for their steps`} first`,
    { flows: flows.map((flow) => ({ id: flow.id, name: flow.name })) },
  );
}

/**
 * Deletes a credential of the workspace, its sealed secrets with it; returns its name (for the audit
 * trail). Refused (CONFLICT, naming the flows) while a flow's current version or draft uses it.
 */
export async function deleteCredential(db: Db, p: { workspaceId: string; credentialId: string }): Promise<{ name: string }> {
  return db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ name: string }>>`
      SELECT name FROM "Credential" WHERE id = ${p.credentialId} AND "workspaceId" = ${p.workspaceId} FOR UPDATE`;
    if (!row) throw credentialNotFound(p.credentialId);
    const flows = await queryFlowsUsingCredential(tx, p);
    if (flows.length > 0) throw credentialInUse(row.name, flows);
    await tx.$executeRaw`DELETE FROM "Credential" WHERE id = ${p.credentialId} AND "workspaceId" = ${p.workspaceId}`;
    return { name: row.name };
  });
}
