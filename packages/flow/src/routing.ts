import type { FlowDocument } from "./document";

/** Where a step's messages go when its connections carry conditions (the node's `routing`). */
export type Routing = "all" | "first";

/** One outgoing connection of a step, as the step's runner sees it. */
export interface Connection {
  target: string;
  condition?: string;
  otherwise?: true;
}

/** A step's connections in the document's order, and its routing choice. */
export interface StepRoutes {
  routing: Routing;
  connections: Connection[];
}

/** The step's outgoing connections and routing, from a flow document. */
export function routesOf(document: Pick<FlowDocument, "nodes" | "edges">, stepId: string): StepRoutes {
  const node = document.nodes.find((n) => n.id === stepId);
  return {
    routing: node?.routing ?? "all",
    connections: document.edges
      .filter((e) => e.source === stepId)
      .map((e) => ({ target: e.target, ...(e.condition !== undefined ? { condition: e.condition } : {}), ...(e.otherwise ? { otherwise: true as const } : {}) })),
  };
}

/** Whether any connection decides (a condition or an otherwise): without one, every message goes to every next step. */
export function decides(connections: readonly Connection[]): boolean {
  return connections.some((c) => c.condition !== undefined || c.otherwise === true);
}

/** JSONata's truth of a value (its `$boolean`): what makes a condition hold. */
export function jsonataTruth(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  switch (typeof value) {
    case "boolean":
      return value;
    case "string":
      return value.length > 0;
    case "number":
      return value !== 0 && !Number.isNaN(value);
    case "function":
      return false;
    case "object":
      if (Array.isArray(value)) return value.some((v) => jsonataTruth(v));
      for (const _ in value) return true;
      return false;
    default:
      return false;
  }
}

/** A condition that could not be evaluated: the message fails at its step (it is kept as a failed message). */
export class ConditionError extends Error {
  constructor(
    readonly target: string,
    readonly condition: string,
    readonly reason: { message: string; position?: number; code?: string },
  ) {
    const message = reason.message.replace(/ \(at character \d+\)$/, "");
    const at = reason.position !== undefined ? ` (at character ${reason.position} of the condition)` : "";
    super(`the condition on the connection to "${target}" failed: ${message}${at}`);
    this.name = "ConditionError";
  }
}

/**
 * The steps one emitted message goes to: every connection whose condition holds and every one
 * without a condition ("all"), or the first of them in order ("first"); the otherwise connections
 * when none took it. An empty list from a step that has connections: the message is filtered.
 * `holds` evaluates a condition (JSONata, in the caller's sandbox) and may throw: the error names
 * the connection.
 */
export async function routeMessage(routes: StepRoutes, holds: (condition: string) => Promise<boolean>): Promise<string[]> {
  const check = async (c: Connection & { condition: string }) => {
    try {
      return await holds(c.condition);
    } catch (error) {
      throw new ConditionError(c.target, c.condition, error as { message: string; position?: number });
    }
  };
  const deciding = routes.connections.filter((c) => !c.otherwise);
  let taken: string[] = [];
  if (routes.routing === "first") {
    for (const c of deciding) {
      if (c.condition === undefined || (await check(c as Connection & { condition: string }))) {
        taken = [c.target];
        break;
      }
    }
  } else {
    const held = await Promise.all(deciding.map((c) => (c.condition === undefined ? true : check(c as Connection & { condition: string }))));
    taken = deciding.filter((_, i) => held[i]).map((c) => c.target);
  }
  if (taken.length > 0) return taken;
  return routes.connections.filter((c) => c.otherwise).map((c) => c.target);
}
