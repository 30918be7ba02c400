import { type Db, getSealedCredential } from "@interflow/db";
import { AppError, AppErrorCode, type FlowNode } from "@interflow/flow";
import type { StepTestCredential } from "@interflow/queue";
import { credentialIssuesOf } from "../flows/flow-credentials";

/**
 * The credential a draft's step signs in with, for the worker that runs the step once: checked as
 * a flow's credentials are (one of this workspace's, of the node's component; one named by an
 * export must be chosen first), carried with its secrets sealed exactly as stored, never in the
 * clear. None when the node names none; BAD_REQUEST naming the credential when the step cannot use it.
 */
export async function stepTestCredentialOf(
  db: Db,
  p: { workspaceId: string; document: unknown; node: FlowNode },
): Promise<StepTestCredential | undefined> {
  const { node } = p;
  const [issue] = (await credentialIssuesOf(db, { workspaceId: p.workspaceId, document: p.document })).filter((i) => i.nodeId === node.id);
  if (issue) throw new AppError(AppErrorCode.BadRequest, `${issue.path.split(".").at(-1) ?? "credentialId"}: ${issue.message}`);
  if (node.credentialId === undefined) return undefined;
  // deleted since it was checked: as the check says of a missing one
  return sealedStepCredential(db, { workspaceId: p.workspaceId, credentialId: node.credentialId, component: node.component, what: `node "${node.id}": ` });
}

/**
 * One of this workspace's credentials of `component`, as a step test carries it (secrets sealed as
 * stored); BAD_REQUEST naming `credentialId` when there is no such credential.
 */
export async function sealedStepCredential(
  db: Db,
  p: { workspaceId: string; credentialId: string; component: string; what?: string },
): Promise<StepTestCredential> {
  const stored = await getSealedCredential(db, { workspaceId: p.workspaceId, credentialId: p.credentialId });
  if (!stored || stored.component !== p.component) {
    throw new AppError(AppErrorCode.BadRequest, `credentialId: ${p.what ?? ""}credential ${p.credentialId} is not a credential of this workspace's ${p.component} component`);
  }
  return { authKind: stored.authKind, values: stored.values, sealed: { credentialId: stored.id, envelope: stored.envelope } };
}
