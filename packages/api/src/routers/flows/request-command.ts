import { workspaceCatalog } from "../../workspace-components";
import { AppError, AppErrorCode, describeIssues, type ManualFlowEvent, transition, validateFlow } from "@interflow/flow";
import { getFlowDraft } from "@interflow/db";
import { sendControlCommand } from "@interflow/queue";
import { z } from "zod";
import { audit } from "../../audit";
import { type Caller, describeCaller } from "../../context";
import type { ApiServices } from "../../services";
import { flowStateSchema } from "./flow-views";
import { requireFlow } from "./require-flow";

export const commandOutput = z.object({
  id: z.string(),
  /** the state when the command was sent; the worker moves the flow on from here */
  state: flowStateSchema,
  requested: z.enum(["start", "stop", "suspend", "resume"]),
  /** start and resume: the version that runs (the last published one) */
  version: z.number().int().optional(),
  /** start and resume: the flow has a draft with changes not published, which do not run */
  unpublishedDraft: z.boolean().optional(),
});
export type CommandOutput = z.infer<typeof commandOutput>;

/**
 * Checks that the flow's state machine allows the command now (refused → InvalidTransition with
 * its reason), then hands it to the worker. The API never changes a flow's state itself.
 */
export async function requestCommand(
  ctx: { services: ApiServices; caller: Caller },
  p: { flowId: string; type: ManualFlowEvent },
): Promise<CommandOutput> {
  const { services, caller } = ctx;
  const flow = await requireFlow(services.db, { workspaceId: caller.workspaceId, flowId: p.flowId });
  transition(flow.state, p.type, { flowType: flow.type, limitedWorkspace: flow.workspaceLimited });
  if (p.type === "start" || p.type === "resume") {
    // a version whose steps lack settings (a trigger just dropped on the canvas) cannot run
    const validation = validateFlow(flow.document, await workspaceCatalog(services.db, caller.workspaceId));
    if (!validation.ok) {
      throw new AppError(AppErrorCode.BadRequest, `version ${flow.version} of flow "${flow.name}" is not complete: ${describeIssues(validation.issues)}; finish it in the designer and publish`);
    }
  }
  await sendControlCommand(services.controlQueue, {
    type: p.type,
    flowId: flow.id,
    workspaceId: caller.workspaceId,
    cause: `${p.type} requested by ${describeCaller(caller)}`,
  });
  await audit(ctx, `flow.${p.type}`, flow.name, { flowId: flow.id });
  if (p.type !== "start" && p.type !== "resume") return { id: flow.id, state: flow.state, requested: p.type };
  const draft = await getFlowDraft(services.db, { workspaceId: caller.workspaceId, flowId: flow.id });
  return { id: flow.id, state: flow.state, requested: p.type, version: flow.version, unpublishedDraft: draft !== null };
}
