import { childMessage, stepsForFanOut } from "@interflow/queue";
import { ConditionError, decides, jsonataTruth, type MessageEnvelope, routeMessage, type StepRoutes } from "@interflow/flow";
import { type ExpressionSandbox, sharedSandbox } from "@interflow/flow/sandbox";
import type { StepFailure } from "./classify";

/** A message a step emitted, and the next steps it goes to (unset: every one). */
export interface Routed {
  message: MessageEnvelope;
  to?: readonly string[];
}

export type RouteResult =
  | {
      kind: "routed";
      children: Routed[];
      /** messages put on next queues: each child once per next step it goes to */
      deliveries: number;
      /** children no connection took (their way ends here, counted, not failed) */
      filtered: number;
    }
  | { kind: "failed"; failure: StepFailure };

/**
 * Sends a step's outputs along its connections: to every next step, or — when the connections
 * carry conditions — where the conditions say (see @interflow/flow routing.ts). Conditions are
 * evaluated in the process's expression sandbox (its limits apply: a condition is a person's text)
 * on each output: its body, with `$headers` and `$steps` bound as for the next step's mapping.
 */
export class StepRouter {
  private readonly routes: StepRoutes | undefined;

  constructor(
    private readonly step: { stepId: string; next: readonly string[]; routes?: StepRoutes },
    private readonly sandbox: () => ExpressionSandbox = sharedSandbox,
  ) {
    this.routes = step.routes && decides(step.routes.connections) ? step.routes : undefined;
  }

  /** Whether the step evaluates conditions (its runner warms the evaluator at boot). */
  get evaluates(): boolean {
    return this.routes?.connections.some((c) => c.condition !== undefined) ?? false;
  }

  /** The outputs of one message as children, each with where it goes (at once, without conditions to evaluate). */
  route(parent: MessageEnvelope, outputs: ReadonlyArray<{ body: unknown; headers: Record<string, unknown>; delayMs?: number }>): RouteResult | Promise<RouteResult> {
    const steps = outputs.length > 1 ? stepsForFanOut(parent.steps) : parent.steps;
    const children = outputs.map((output, index) => childMessage(parent, this.step.stepId, index, output, steps));
    return this.routes ? this.routeChildren(children) : this.everywhere(children);
  }

  private everywhere(children: MessageEnvelope[]): RouteResult {
    return { kind: "routed", children: children.map((message) => ({ message })), deliveries: children.length * this.step.next.length, filtered: 0 };
  }

  /** Routes messages already built (a poll run's). */
  async routeChildren(children: MessageEnvelope[]): Promise<RouteResult> {
    const routes = this.routes;
    if (!routes) return this.everywhere(children);
    try {
      const targets = await Promise.all(children.map((child) => this.targetsOf(routes, child)));
      const routed = children.map((message, i) => ({ message, to: targets[i] as string[] }));
      const deliveries = routed.reduce((sum, r) => sum + r.to.length, 0);
      return { kind: "routed", children: routed.filter((r) => r.to.length > 0), deliveries, filtered: routed.filter((r) => r.to.length === 0).length };
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      return { kind: "failed", failure: { kind: "step-error", message: error.message, details: { connection: error.target, condition: error.condition, error: error.reason } } };
    }
  }

  private targetsOf(routes: StepRoutes, child: MessageEnvelope): Promise<string[]> {
    return routeMessage(routes, async (condition) => jsonataTruth(await this.sandbox().evaluate(condition, child.body, { headers: child.headers, steps: child.steps })));
  }
}
