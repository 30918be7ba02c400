import type { ComponentDefinition } from "@interflow/sdk";
import { DEFAULT_SCHEDULE, type FlowDocument, type Schedule, triggerNodeOf } from "@interflow/flow";
import { builtinComponents } from "./index";

/** The flow's trigger step when it polls (its function has `poll`), with the schedule it runs on (default every 3 minutes). */
export function pollingTriggerOf(
  document: Pick<FlowDocument, "nodes" | "edges" | "settings">,
  /** the components the flow's workspace has (default: the built-ins) */
  components: readonly ComponentDefinition[] = builtinComponents,
): { stepId: string; schedule: Schedule } | null {
  const trigger = triggerNodeOf(document as FlowDocument);
  if (!trigger) return null;
  const fn = components.find((c) => c.name === trigger.component)?.functions[trigger.function];
  if (fn?.kind !== "trigger" || !fn.poll) return null;
  return { stepId: trigger.id, schedule: document.settings?.schedule ?? { ...DEFAULT_SCHEDULE } };
}

/** The flow's trigger step when it pushes (its function has `subscribe`: a broker's queue or topic). */
export function pushTriggerOf(
  document: Pick<FlowDocument, "nodes" | "edges" | "settings">,
  /** the components the flow's workspace has (default: the built-ins) */
  components: readonly ComponentDefinition[] = builtinComponents,
): { stepId: string } | null {
  const trigger = triggerNodeOf(document as FlowDocument);
  if (!trigger) return null;
  const fn = components.find((c) => c.name === trigger.component)?.functions[trigger.function];
  return fn?.kind === "trigger" && fn.subscribe ? { stepId: trigger.id } : null;
}
