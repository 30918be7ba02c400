import type { MessageEnvelope } from "@interflow/flow";
import type { RecordText, StepRecords } from "@interflow/queue";
import type { StepLogger } from "@interflow/sdk";
import type { Routed, StepRouter } from "./step-routes";

/** A record a trigger (a poll run, a subscription) emitted, as the first message of its own execution. */
export function triggerMessage(p: { flowId: string; flowVersion: number; stepId: string }, id: string, output: { body: unknown; headers: Record<string, unknown> }): MessageEnvelope {
  return {
    id,
    body: output.body,
    headers: output.headers,
    attachments: [],
    steps: { [p.stepId]: output.body },
    meta: { flowId: p.flowId, flowVersion: p.flowVersion, executionId: id, stepId: p.stepId, parentMessageId: null, traceId: id, attempt: 0 },
  };
}

/**
 * What a trigger's messages leave behind: each routed alone (a condition that fails, fails its
 * execution alone), its step record, and what goes on to the next steps.
 */
export async function routeTriggerMessages(
  p: { router: StepRouter; records: StepRecords; logger: StepLogger },
  emitted: MessageEnvelope[],
  at: { startedAt: number; durationMs: number },
): Promise<{ children: Routed[]; records: RecordText[]; filtered: number; failed: number }> {
  const routes = await Promise.all(emitted.map((message) => p.router.routeChildren([message])));
  const children: Routed[] = [];
  const records: RecordText[] = [];
  let filtered = 0;
  let failed = 0;
  emitted.forEach((message, i) => {
    const route = routes[i] as (typeof routes)[number];
    const base = { message, ...at, noInput: true };
    const record =
      route.kind === "routed"
        ? p.records.of({ ...base, status: "ok", outputs: [{ body: message.body, headers: message.headers }], deliveries: route.deliveries, filtered: route.filtered })
        : p.records.of({ ...base, status: "failed", failure: route.failure });
    if (record) records.push(record);
    if (route.kind === "routed") {
      children.push(...route.children);
      filtered += route.filtered;
    } else {
      failed++;
      p.logger.error("a message the trigger emitted failed: its condition could not be evaluated", { messageId: message.id, error: route.failure.message });
    }
  });
  return { children, records, filtered, failed };
}
