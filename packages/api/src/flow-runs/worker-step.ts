import type { FlowDocument, FlowNode } from "@interflow/flow";
import type { ApiServices } from "../services";
import { stepTestCredentialOf } from "../routers/samples/step-credential";
import { requireWorkerAnswer } from "../routers/samples/worker-answer";
import type { FlowRunDeps } from "./run-flow";

/**
 * Runs one action of a whole-flow run where single-step runs run: in a worker, signed in with the
 * step's credential as a runner would be (sealed, opened only there), within the step-test time limit.
 */
export function workerStepRunner(
  services: Pick<ApiServices, "db" | "stepTests" | "stepTestTimeLimitMs">,
  p: { workspaceId: string; document: FlowDocument; flow?: { id: string; version: number } },
): FlowRunDeps["runStep"] {
  return async (node: FlowNode, message) => {
    const credential = await stepTestCredentialOf(services.db, { workspaceId: p.workspaceId, document: p.document, node });
    const result = requireWorkerAnswer(
      await services.stepTests.runStep({
        workspaceId: p.workspaceId,
        component: node.component,
        function: node.function,
        config: node.config,
        message,
        flowId: p.flow?.id ?? "flow-test",
        flowVersion: p.flow?.version ?? 0,
        stepId: node.id,
        credential,
        timeLimitMs: services.stepTestTimeLimitMs,
      }),
    );
    return result.ok ? { ok: true as const, emitted: result.emitted, filtered: result.filtered } : { ok: false as const, error: result.error.message };
  };
}
