import { decides, type FlowDocument, type FlowNode, jsonataTruth, mappingErrorText, routeMessage, routesOf } from "@interflow/flow";

/** One run of one step in a whole-flow run: what it got (after its mapping) and what it emitted. */
export interface StepRun {
  /**
   * ok: it ran and emitted; filtered: it ran and kept nothing; canned: it did not run, the case's
   * response stood in for it; skipped: it did not run (it may call an application and the person
   * did not say it may), so the message went no further
   */
  status: "ok" | "failed" | "filtered" | "canned" | "skipped";
  input: unknown;
  outputs: unknown[];
  error?: string;
}

export interface FlowRun {
  /** every step's runs in the order they happened (a step after a split runs once per element) */
  steps: Record<string, StepRun[]>;
  /** the run stopped after MAX_STEP_RUNS step runs */
  truncated: boolean;
  /** a connection whose condition could not be evaluated (the message went no further there) */
  routingErrors: string[];
}

export interface FlowRunDeps {
  /** runs one action once on a message, where single-step runs run (the worker) */
  runStep(node: FlowNode, message: { body: unknown; headers: Record<string, unknown>; steps: Record<string, unknown> }): Promise<
    { ok: true; emitted: Array<{ body: unknown; headers: Record<string, unknown> }>; filtered: boolean } | { ok: false; error: string }
  >;
  /** evaluates a person's JSONata with the installation's limits (the expression sandbox) */
  evaluate(source: string, input: unknown, bindings: Record<string, unknown>): Promise<unknown>;
  /** a step not to run (its message goes no further); none: every step runs */
  skips?(node: FlowNode): boolean;
}

/** The most step runs one whole-flow run makes (a split of a long list stops there, saying so). */
export const MAX_STEP_RUNS = 100;

const asJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? "null"));

/**
 * Sends one message through a (valid) flow as its runners would, step after step: the trigger's
 * message is the input; each action gets what the step before emitted, through its mapping, along
 * the connections whose conditions hold; every message an action emits goes on (a split's each).
 * A step named in `responses` does not run: its response is what it emits. Delays do not wait and a
 * batch is a batch of one, as in a single-step run.
 */
export async function runFlow(
  deps: FlowRunDeps,
  p: { document: FlowDocument; triggerId: string; input: unknown; headers?: Record<string, unknown>; responses?: Record<string, unknown> },
): Promise<FlowRun> {
  const nodes = new Map(p.document.nodes.map((n) => [n.id, n]));
  const run: FlowRun = { steps: {}, truncated: false, routingErrors: [] };
  const record = (stepId: string, stepRun: StepRun) => {
    run.steps[stepId] ??= [];
    run.steps[stepId].push(stepRun);
  };
  const headers = p.headers ?? {};
  record(p.triggerId, { status: "ok", input: p.input, outputs: [p.input] });
  const pending: Array<{ from: string; body: unknown; headers: Record<string, unknown>; steps: Record<string, unknown> }> = [
    { from: p.triggerId, body: p.input, headers, steps: { [p.triggerId]: p.input } },
  ];
  let runs = 0;
  while (pending.length > 0) {
    const message = pending.shift() as (typeof pending)[number];
    const routes = routesOf(p.document, message.from);
    let targets: string[];
    try {
      const bindings = { headers: message.headers, steps: message.steps };
      targets = decides(routes.connections) ? await routeMessage(routes, async (c) => jsonataTruth(await deps.evaluate(c, message.body, bindings))) : routes.connections.map((c) => c.target);
    } catch (error) {
      run.routingErrors.push(`${message.from}: ${(error as Error).message}`);
      continue;
    }
    for (const target of targets) {
      if (runs >= MAX_STEP_RUNS) {
        run.truncated = true;
        return run;
      }
      runs++;
      const node = nodes.get(target) as FlowNode;
      let body = message.body;
      if (node.mapping !== undefined) {
        try {
          body = asJson((await deps.evaluate(node.mapping, message.body, { headers: message.headers, steps: message.steps })) ?? {});
        } catch (error) {
          record(target, { status: "failed", input: message.body, outputs: [], error: `mapping failed: ${mappingErrorText(node.mapping, error as { message: string; position?: number })}` });
          continue;
        }
      }
      let emitted: Array<{ body: unknown; headers: Record<string, unknown> }>;
      if (deps.skips?.(node)) {
        record(target, { status: "skipped", input: body, outputs: [] });
        continue;
      }
      if (p.responses && Object.hasOwn(p.responses, target)) {
        emitted = [{ body: p.responses[target], headers: {} }];
        record(target, { status: "canned", input: body, outputs: [p.responses[target]] });
      } else {
        const result = await deps.runStep(node, { body, headers: message.headers, steps: message.steps });
        if (!result.ok) {
          record(target, { status: "failed", input: body, outputs: [], error: result.error });
          continue;
        }
        emitted = result.emitted;
        record(target, { status: result.filtered ? "filtered" : "ok", input: body, outputs: emitted.map((e) => e.body) });
      }
      for (const out of emitted) pending.push({ from: target, body: out.body, headers: out.headers, steps: { ...message.steps, [target]: out.body } });
    }
  }
  return run;
}
