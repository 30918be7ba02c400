import { type Db, listCredentialRefs } from "@interflow/db";
import { AppError, AppErrorCode, type FlowDocument, type FlowIssue, type FlowNode } from "@interflow/flow";

/**
 * The document as an export writes it: each step's credential named (`credential: { name,
 * component }`) instead of its id, which means nothing in another workspace. An id that names no
 * credential of the workspace any more is left out. No secret is ever in a flow document.
 */
export async function nameCredentials(db: Db, p: { workspaceId: string; document: FlowDocument }): Promise<FlowDocument> {
  const ids = p.document.nodes.flatMap((node) => (node.credentialId === undefined ? [] : [node.credentialId]));
  if (ids.length === 0) return p.document;
  const byId = new Map((await listCredentialRefs(db, { workspaceId: p.workspaceId, ids })).map((ref) => [ref.id, ref]));
  const nodes = p.document.nodes.map(({ credentialId, credential: _named, ...node }): FlowNode => {
    const ref = credentialId === undefined ? undefined : byId.get(credentialId);
    return ref ? { ...node, credential: { name: ref.name, component: ref.component } } : node;
  });
  return { ...p.document, nodes };
}

/**
 * The imported document with each step's credential chosen: `bindings` (step id → credential id)
 * first, else the workspace's credential of the name and component the document names. What cannot
 * be bound is an issue naming the step and the credential missing; the ids bound are checked with
 * the rest of the flow (credentialIssuesOf).
 */
export async function bindCredentials(
  db: Db,
  p: { workspaceId: string; document: FlowDocument; bindings: Record<string, string> },
): Promise<{ document: FlowDocument; issues: FlowIssue[] }> {
  const stepIds = new Set(p.document.nodes.map((node) => node.id));
  const strangers = Object.keys(p.bindings).filter((stepId) => !stepIds.has(stepId));
  if (strangers.length > 0) {
    throw new AppError(AppErrorCode.BadRequest, strangers.map((stepId) => `bindings.${stepId}: the flow has no step "${stepId}"`).join("; "));
  }
  const names = p.document.nodes.flatMap((node) => (node.credential && p.bindings[node.id] === undefined ? [node.credential.name] : []));
  const refs = await listCredentialRefs(db, { workspaceId: p.workspaceId, names });
  const issues: FlowIssue[] = [];
  const nodes = p.document.nodes.map(({ credential: named, ...node }, index): FlowNode => {
    const bound = p.bindings[node.id];
    if (bound !== undefined) return { ...node, credentialId: bound };
    if (!named) return node;
    const ref = named.component === node.component ? refs.find((r) => r.name === named.name && r.component === node.component) : undefined;
    if (ref) return { ...node, credentialId: ref.id };
    const path = `nodes[${index}].credential`;
    const message =
      named.component === node.component
        ? `${path}: no ${node.component} credential named "${named.name}" in this workspace: create it first, or bind step "${node.id}" to a credential`
        : `${path}: step "${node.id}" is of the ${node.component} component: a ${named.component} credential ("${named.name}") cannot sign it in`;
    issues.push({ rule: "unbound-credential", nodeId: node.id, path, message });
    return node;
  });
  return { document: { ...p.document, nodes }, issues };
}
