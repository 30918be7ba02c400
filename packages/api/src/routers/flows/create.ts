import { workspaceCatalog } from "../../workspace-components";
import { createFlow } from "@interflow/db";
import { AppError, AppErrorCode, applyOperation, describeIssues, emptyDraft, flowDocumentSchema, flowEdgeSchema, flowNodeSchema, upgradeDocument, validateFlow } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { invalidFlowError } from "../../errors";
import { editorProcedure } from "../../trpc";
import { importFlowOutput } from "./import";

export const createFlowInput = z.object({
  name: z.string().trim().min(1, "name: must not be empty").max(200, "name: at most 200 characters"),
  type: z.enum(["ordinary", "realtime"]).default("ordinary"),
  /** the trigger the person dropped on the empty canvas: a flow starts with its trigger */
  trigger: z.object({
    component: z.string().min(1, "trigger.component: must name a component"),
    function: z.string().min(1, "trigger.function: must name a trigger of the component"),
    position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
    /** its settings to start with (the designer sends its fields' defaults) */
    config: z.record(z.string(), z.unknown()).optional(),
  }),
  /** actions placed on the canvas before the trigger, with their settings and connections: the flow keeps them */
  steps: z
    .object({
      nodes: z.array(flowNodeSchema).max(200, "steps.nodes: at most 200 steps"),
      edges: z.array(flowEdgeSchema).max(1000, "steps.edges: at most 1000 connections"),
    })
    .optional(),
});

/**
 * A new, stopped flow whose version 1 is its trigger (and the actions placed before it): the designer
 * creates the flow when the person drops the trigger on the canvas, and everything after is a draft
 * until published.
 */
export const createFlowProcedure = editorProcedure
  .input(createFlowInput)
  .output(importFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const catalog = await workspaceCatalog(ctx.services.db, ctx.workspaceId);
    const fn = catalog[input.trigger.component]?.functions[input.trigger.function];
    if (fn?.kind !== "trigger") {
      throw new AppError(AppErrorCode.BadRequest, `trigger: "${input.trigger.component}.${input.trigger.function}" is not a trigger; a flow starts with a trigger`);
    }
    const placed = input.steps ?? { nodes: [], edges: [] };
    placed.nodes.forEach((node, i) => {
      if (catalog[node.component]?.functions[node.function]?.kind === "trigger") {
        throw new AppError(AppErrorCode.BadRequest, `steps.nodes[${i}]: "${node.component}.${node.function}" is a trigger; a flow has one, the one dropped last`);
      }
    });
    const withTrigger = applyOperation(
      { ...emptyDraft(input.name, input.type), nodes: placed.nodes, edges: placed.edges },
      { type: "add-trigger", component: input.trigger.component, function: input.trigger.function, position: input.trigger.position, config: input.trigger.config },
    );
    // the one step that nothing comes before follows the trigger (several: the person connects them)
    const trigger = withTrigger.nodes[0]?.id as string;
    const roots = placed.nodes.filter((node) => !placed.edges.some((edge) => edge.target === node.id));
    const document = roots.length === 1 ? applyOperation(withTrigger, { type: "connect", source: trigger, target: (roots[0] as { id: string }).id }) : withTrigger;
    // the trigger's settings (a polling trigger's URL, say) are filled in next, in the draft: version 1
    // may lack them; starting it is refused until a version has them (see request-command.ts)
    const validation = validateFlow(document, catalog);
    const blocking = validation.ok ? [] : validation.issues.filter((issue) => issue.rule !== "invalid-config");
    if (blocking.length > 0) throw invalidFlowError(blocking, describeIssues);
    const flow = await createFlow(ctx.services.db, { workspaceId: ctx.workspaceId, document: validation.ok ? validation.flow : flowDocumentSchema.parse(upgradeDocument(document)), author: describeCaller(ctx.caller) });
    await audit(ctx, "flow.create", flow.name, { flowId: flow.id, version: flow.version });
    return { id: flow.id, name: flow.name, version: flow.version };
  });
