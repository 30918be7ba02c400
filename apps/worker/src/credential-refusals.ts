import { type Db, type FlowRecord, recordCredentialRefusal } from "@interflow/db";
import { clearCredentialFailure, readCredentialFailures, type Redis } from "@interflow/queue";
import type { Logger } from "./flow-controller";

/** What a credential says after its application refused it while `flow` ran (`why`: e.g. "HTTP 401"). */
export function refusalMessage(p: { flowName: string; why: string }): string {
  return `refused by the application while flow "${p.flowName}" ran (${p.why})`;
}

/**
 * Stores, once each, the refusals a flow's runners recorded (keys.credentialFailures): the
 * credential becomes `failed`, saying which flow it failed in and why; the flow's dashboard then
 * shows it on the step until it is verified or changed. A refusal older than the credential's last
 * change or verification is dropped (it is about what was stored before). Each field is cleared once
 * stored, unless a newer refusal replaced it meanwhile.
 */
export async function storeCredentialRefusals(p: { db: Db; redis: Redis; logger: Logger; flow: Pick<FlowRecord, "id" | "name" | "workspaceId"> }): Promise<void> {
  const { flow } = p;
  for (const recorded of await readCredentialFailures(p.redis, { flowId: flow.id })) {
    const { stepId, failure } = recorded;
    if (failure) {
      const marked = await recordCredentialRefusal(p.db, {
        workspaceId: flow.workspaceId,
        credentialId: failure.credentialId,
        message: refusalMessage({ flowName: flow.name, why: failure.message }),
        at: new Date(failure.at),
      });
      const fields = { flowId: flow.id, stepId, credentialId: failure.credentialId, reason: failure.message };
      if (marked) p.logger.warn("credential marked failed: the application refused it", fields);
      else p.logger.info("credential refusal dropped: the credential changed since, or is gone", fields);
    } else {
      p.logger.warn("unreadable credential refusal dropped", { flowId: flow.id, stepId });
    }
    await clearCredentialFailure(p.redis, { flowId: flow.id, recorded });
  }
}
