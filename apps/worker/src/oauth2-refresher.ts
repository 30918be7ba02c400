import { type Db, type EncryptionKey, listOAuthCredentialsDue } from "@interflow/db";
import type { Redis } from "@interflow/queue";
import type { FlowController, Logger } from "./flow-controller";
import { ensureFreshTokens, REFRESH_MARGIN_MS } from "./oauth2-tokens";

interface FlowUsingCredentials {
  id: string;
  state: string;
  document: { nodes: Array<{ credentialId?: string }> };
}

/**
 * The leader's look at the OAuth2 credentials of flows that run: a token that expires within the
 * margin is refreshed ahead of time (once, under the credential's lock), and the running flows
 * using it restart their runners on the new token. A grant the application refuses marks the
 * credential for reconnection: the flows show it, and their steps fail with 401 until a person
 * connects the account again. Sleeping flows get a fresh token when they wake.
 */
export async function refreshDueTokens(
  deps: { db: Db; redis: Redis; encryptionKey: EncryptionKey; controller: Pick<FlowController, "redeploy">; logger: Logger },
  flows: readonly FlowUsingCredentials[],
  p: { marginMs?: number } = {},
): Promise<{ refreshed: string[]; failed: string[] }> {
  const running = flows.filter((flow) => flow.state === "running" || flow.state === "sleeping");
  const ids = running.flatMap((flow) => flow.document.nodes.flatMap((node) => (node.credentialId ? [node.credentialId] : [])));
  const marginMs = p.marginMs ?? REFRESH_MARGIN_MS;
  const due = await listOAuthCredentialsDue(deps.db, { ids, before: new Date(Date.now() + marginMs) });
  const refreshed: string[] = [];
  const failed: string[] = [];
  for (const credential of due) {
    const outcome = await ensureFreshTokens(deps, credential.id, { marginMs });
    if (!outcome.ok) {
      failed.push(credential.id);
      deps.logger.warn("OAuth2 tokens could not be refreshed", { credentialId: credential.id, credential: credential.name, reconnect: outcome.revoked, why: outcome.message });
      continue;
    }
    if (!outcome.refreshed) continue;
    refreshed.push(credential.id);
    deps.logger.info("OAuth2 tokens refreshed", { credentialId: credential.id, credential: credential.name });
    for (const flow of running.filter((f) => f.state === "running" && f.document.nodes.some((node) => node.credentialId === credential.id))) {
      await deps.controller
        .redeploy(flow.id, `access token of credential "${credential.name}" refreshed`)
        .catch((error: Error) => deps.logger.error("could not restart a flow on a refreshed token", { flowId: flow.id, error: error.message }));
    }
  }
  return { refreshed, failed };
}
