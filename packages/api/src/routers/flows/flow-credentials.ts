import { workspaceCatalog } from "../../workspace-components";
import { type Db, getFlowById, getWorkspace, listCredentialRefs } from "@interflow/db";
import { workspaceQueueLimits } from "@interflow/queue";
import { describeIssues, type FlowDocument, type FlowIssue, type FlowValidation, triggerNodeOf, validateFlow } from "@interflow/flow";
import { invalidFlowError } from "../../errors";

/** A node of any document (a draft may be half broken) as far as its credential goes. */
interface CredentialUse {
  index: number;
  nodeId: string;
  component: string;
  credentialId?: string;
  /** named, as an export writes it */
  named?: { name: unknown; component: unknown };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function credentialUsesOf(document: unknown): CredentialUse[] {
  const nodes = isRecord(document) && Array.isArray(document.nodes) ? document.nodes : [];
  return nodes.flatMap((node, index): CredentialUse[] => {
    if (!isRecord(node)) return [];
    const use: CredentialUse = { index, nodeId: String(node.id ?? index), component: String(node.component ?? "") };
    if (typeof node.credentialId === "string") use.credentialId = node.credentialId;
    if (isRecord(node.credential)) use.named = { name: node.credential.name, component: node.credential.component };
    return use.credentialId !== undefined || use.named ? [use] : [];
  });
}

/**
 * What is wrong with the credentials a flow's steps use, in the caller's workspace: a `credentialId`
 * must be a credential of this workspace and of the node's component (one of another workspace
 * reads exactly like a missing one); a credential named but not chosen (left from an export) must be
 * bound first. The one place the API checks this: drafts, publish, import and restore come here.
 */
export async function credentialIssuesOf(db: Db, p: { workspaceId: string; document: unknown }): Promise<FlowIssue[]> {
  const uses = credentialUsesOf(p.document);
  if (uses.length === 0) return [];
  const ids = uses.flatMap((use) => (use.credentialId === undefined ? [] : [use.credentialId]));
  const byId = new Map((await listCredentialRefs(db, { workspaceId: p.workspaceId, ids })).map((ref) => [ref.id, ref]));
  return uses.flatMap((use): FlowIssue[] => {
    const at = `node "${use.nodeId}": `;
    if (use.credentialId !== undefined) {
      const ref = byId.get(use.credentialId);
      if (ref && ref.component === use.component) return [];
      return [
        {
          rule: "unknown-credential",
          nodeId: use.nodeId,
          path: `nodes[${use.index}].credentialId`,
          message: `${at}credential ${use.credentialId} is not a credential of this workspace's ${use.component} component`,
        },
      ];
    }
    return [
      {
        rule: "unbound-credential",
        nodeId: use.nodeId,
        path: `nodes[${use.index}].credential`,
        message: `${at}credential ${JSON.stringify(String(use.named?.name ?? ""))} is named, not chosen: choose one of this workspace's ${use.component} credentials`,
      },
    ];
  });
}

/**
 * What is wrong with the flow's error flow (`settings.errorFlowId`): it must be another flow of
 * this workspace (one of another workspace reads exactly like a missing one), started by a webhook
 * trigger (that is how it takes the failed messages it is told of).
 */
export async function errorFlowIssuesOf(db: Db, p: { workspaceId: string; document: unknown; flowId?: string }): Promise<FlowIssue[]> {
  const settings = isRecord(p.document) && isRecord(p.document.settings) ? p.document.settings : undefined;
  const errorFlowId = settings?.errorFlowId;
  if (typeof errorFlowId !== "string" || errorFlowId === "") return [];
  const issue = (message: string): FlowIssue[] => [{ rule: "error-flow", path: "settings.errorFlowId", message: `settings.errorFlowId: ${message}` }];
  if (errorFlowId === p.flowId) return issue("a flow cannot be its own error flow; name another flow of the workspace");
  const flow = await getFlowById(db, { flowId: errorFlowId });
  if (!flow || flow.workspaceId !== p.workspaceId) return issue(`flow ${errorFlowId} is not a flow of this workspace`);
  if (triggerNodeOf(flow.document)?.component !== "webhook") return issue(`flow "${flow.name}" does not start with a webhook trigger: an error flow takes the failed messages it is told of as webhooks do`);
  return [];
}

/** A flow's limits may lower its workspace's, never raise them (`settings.limits`). */
export async function limitsIssuesOf(db: Db, p: { workspaceId: string; document: unknown }): Promise<FlowIssue[]> {
  const settings = isRecord(p.document) && isRecord(p.document.settings) ? p.document.settings : undefined;
  const own = isRecord(settings?.limits) ? settings.limits : undefined;
  if (!own) return [];
  const workspace = await getWorkspace(db, { workspaceId: p.workspaceId });
  const ceiling = workspaceQueueLimits(workspace?.limits);
  return (["messages", "bytes"] as const).flatMap((key): FlowIssue[] => {
    const value = own[key];
    if (typeof value !== "number" || value <= ceiling[key]) return [];
    const path = `settings.limits.${key}`;
    return [{ rule: "limits", path, message: `${path}: at most ${ceiling[key]} (the workspace's limit): a flow may lower its workspace's limits, not raise them` }];
  });
}

/** The flow's validation (graph, components, config, mappings) and its credentials', error flow's and limits' in the workspace, as one. */
export async function validateFlowInWorkspace(db: Db, p: { workspaceId: string; document: unknown; flowId?: string }): Promise<FlowValidation> {
  const validation = validateFlow(p.document, await workspaceCatalog(db, p.workspaceId));
  const more = [...(await credentialIssuesOf(db, p)), ...(await errorFlowIssuesOf(db, p)), ...(await limitsIssuesOf(db, p))];
  if (validation.ok && more.length === 0) return validation;
  return { ok: false, issues: [...(validation.ok ? [] : validation.issues), ...more] };
}

/** The valid flow document, or INVALID_FLOW (400) with every issue. */
export async function requireValidFlowInWorkspace(db: Db, p: { workspaceId: string; document: unknown; flowId?: string }): Promise<FlowDocument> {
  const validation = await validateFlowInWorkspace(db, p);
  if (!validation.ok) throw invalidFlowError(validation.issues, describeIssues);
  return validation.flow;
}
