import { type Db, listFailedCredentials } from "@interflow/db";
import type { FlowDocument, FlowNode } from "@interflow/flow";
import { z } from "zod";

/** A step's credential whose last check failed: the step cannot sign in until someone fixes it. */
export const credentialProblemSchema = z.object({
  credentialId: z.string(),
  credentialName: z.string(),
  /** why, in words the person can act on (e.g. refused by the application while the flow ran) */
  message: z.string(),
  /** where to fix it: the web app's credentials page */
  helpUrl: z.string(),
});
export type CredentialProblem = z.infer<typeof credentialProblemSchema>;

/**
 * The credential problem of each step of these flows: its credential failed its last check, by
 * a person verifying it or by its application refusing it while a flow ran (the worker marks it).
 * Verified again or changed, it is no problem any more. One query for all the flows.
 */
export async function credentialProblemsOf(
  db: Db,
  p: { workspaceId: string; documents: readonly FlowDocument[]; appUrl: string },
): Promise<(node: Pick<FlowNode, "credentialId"> | undefined) => CredentialProblem | null> {
  const ids = p.documents.flatMap((document) => document.nodes.flatMap((node) => (node.credentialId === undefined ? [] : [node.credentialId])));
  const failed = new Map((await listFailedCredentials(db, { workspaceId: p.workspaceId, ids })).map((credential) => [credential.id, credential]));
  const helpUrl = `${p.appUrl}/settings/credentials`;
  return (node) => {
    const credential = node?.credentialId === undefined ? undefined : failed.get(node.credentialId);
    return credential ? { credentialId: credential.id, credentialName: credential.name, message: credential.message, helpUrl } : null;
  };
}
