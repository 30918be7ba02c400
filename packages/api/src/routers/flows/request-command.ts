import { transition } from "@interflow/flow";
import { type ControlCommand, sendControlCommand } from "@interflow/queue";
import { z } from "zod";
import type { ApiServices } from "../../services";
import { flowStateSchema } from "./flow-views";
import { requireFlow } from "./require-flow";

export const commandOutput = z.object({
  id: z.string(),
  /** the state when the command was sent; the worker moves the flow on from here */
  state: flowStateSchema,
  requested: z.enum(["start", "stop"]),
});
export type CommandOutput = z.infer<typeof commandOutput>;

/**
 * Checks that the flow's state machine allows the command now (refused → InvalidTransition with
 * its reason), then hands it to the worker. The API never changes a flow's state itself.
 */
export async function requestCommand(
  services: ApiServices,
  p: { workspaceId: string; flowId: string; type: ControlCommand["type"]; requestedBy: string },
): Promise<CommandOutput> {
  const flow = await requireFlow(services.db, { workspaceId: p.workspaceId, flowId: p.flowId });
  transition(flow.state, p.type, { flowType: flow.type, limitedWorkspace: flow.workspaceLimited });
  await sendControlCommand(services.controlQueue, {
    type: p.type,
    flowId: flow.id,
    workspaceId: p.workspaceId,
    cause: `${p.type} requested by ${p.requestedBy}`,
  });
  return { id: flow.id, state: flow.state, requested: p.type };
}
