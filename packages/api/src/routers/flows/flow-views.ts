import type { FlowRecord } from "@interflow/db";
import { FLOW_STATES, STATE_LABELS, triggerNodeOf } from "@interflow/flow";
import { z } from "zod";

export const flowIdInput = z.object({ id: z.string().trim().min(1, "must name a flow (its id)") });

export const flowStateSchema = z.enum(FLOW_STATES);
export const flowTypeSchema = z.enum(["ordinary", "realtime"]);

/**
 * The URL webhooks are posted to, for flows whose trigger is the webhook component (its last segment
 * the flow id until the URL is rotated). In a valid flow the trigger is the one node no edge leads into.
 */
export function webhookUrlOf(flow: FlowRecord, gatewayUrl: string): string | null {
  return triggerNodeOf(flow.document)?.component === "webhook" ? `${gatewayUrl}/hook/${flow.hook.path}` : null;
}

export const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: flowTypeSchema,
  state: flowStateSchema,
  /** the state in the product's words, e.g. "Stopped (Inactive)" */
  stateLabel: z.string(),
  version: z.number().int(),
  webhookUrl: z.string().nullable(),
  stateChangedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

export function flowSummaryOf(flow: FlowRecord, gatewayUrl: string): FlowSummary {
  return {
    id: flow.id,
    name: flow.name,
    type: flow.type,
    state: flow.state,
    stateLabel: STATE_LABELS[flow.state],
    version: flow.version,
    webhookUrl: webhookUrlOf(flow, gatewayUrl),
    stateChangedAt: flow.stateChangedAt.toISOString(),
    updatedAt: flow.updatedAt.toISOString(),
  };
}
