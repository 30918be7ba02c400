/**
 * Built-in steps that were renamed to the flow document contract's names (`component` /
 * `function`), with the config keys renamed with them. Documents written before (an old export, a
 * stored draft or version) are read under the new names: `validateFlow` and the step runner upgrade
 * a step as they meet it, and migration `20261207120000_flow_logic_components` rewrote the
 * stored ones.
 */
const RENAMED: Record<string, { component: string; function: string; config?: Record<string, string>; keep?: (config: Record<string, unknown>) => Record<string, unknown> }> = {
  "transform/filter": { component: "filter", function: "keep" },
  "transform/split": { component: "split", function: "items" },
  // it sent the bare list of bodies: kept, so the steps after it get what they were built for
  "transform/batch": { component: "batch", function: "collect", config: { seconds: "maxWaitSeconds" }, keep: (c) => ({ body: "list", ...c }) },
  // without "wait" it waited for its seconds even when it named a time: kept
  "schedule/delay": { component: "delay", function: "wait", keep: (c) => (c.wait === undefined && c.until !== undefined ? { ...c, wait: "for" } : c) },
};

interface StepLike {
  component: string;
  function: string;
  config?: Record<string, unknown>;
}

/** The step under its current component and function name (itself when it was not renamed). */
export function upgradeStep<T extends StepLike>(step: T): T {
  const renamed = RENAMED[`${step.component}/${step.function}`];
  if (!renamed) return step;
  let config: Record<string, unknown> = { ...(step.config && typeof step.config === "object" ? step.config : {}) };
  for (const [from, to] of Object.entries(renamed.config ?? {})) {
    if (from in config && !(to in config)) config[to] = config[from];
    delete config[from];
  }
  if (renamed.keep) config = renamed.keep(config);
  return { ...step, component: renamed.component, function: renamed.function, config };
}

/** A document (as written, not yet validated) with its renamed steps upgraded; anything else as it was. */
export function upgradeDocument(input: unknown): unknown {
  if (typeof input !== "object" || input === null || !Array.isArray((input as { nodes?: unknown }).nodes)) return input;
  const nodes = (input as { nodes: unknown[] }).nodes;
  const isStep = (n: unknown): n is StepLike => typeof n === "object" && n !== null && typeof (n as StepLike).component === "string" && typeof (n as StepLike).function === "string";
  if (!nodes.some((n) => isStep(n) && RENAMED[`${n.component}/${n.function}`] !== undefined)) return input;
  return { ...input, nodes: nodes.map((n) => (isStep(n) ? upgradeStep(n) : n)) };
}
