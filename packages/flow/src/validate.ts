import type { z } from "zod";
import type { ComponentCatalog } from "./catalog";
import { type FlowDocument, type FlowNode, flowDocumentSchema } from "./document";
import { upgradeDocument } from "./legacy";
import { mappingErrorText } from "./field-mapping";
import { compileExpression } from "./mapping";

export type FlowRule =
  | "schema"
  | "duplicate-node-id"
  | "unknown-component"
  | "unknown-function"
  | "invalid-config"
  | "no-trigger"
  | "second-trigger"
  | "edge-unknown-node"
  | "duplicate-edge"
  | "edge-into-trigger"
  | "self-loop"
  | "join"
  | "cycle"
  | "unreachable"
  | "invalid-mapping"
  | "mapping-on-trigger"
  /** a connection's condition that is not valid JSONata */
  | "invalid-condition"
  /** an otherwise connection that cannot work: with a condition, a second one, or no condition beside it */
  | "otherwise"
  /** a test case naming a step the flow does not have, or an assertion that is not valid JSONata */
  | "test"
  /** checked by the server, which knows the workspace's credentials: a credentialId that is not one of them for the node's component */
  | "unknown-credential"
  /** checked by the server: a credential named (as an export writes it) that no credential of the workspace answers to */
  | "unbound-credential"
  /** checked by the server: settings.errorFlowId names no other webhook-started flow of the workspace */
  | "error-flow"
  /** checked by the server: settings.limits above the workspace's limits */
  | "limits";

export interface FlowIssue {
  rule: FlowRule;
  /** the node the issue is about, when there is one */
  nodeId?: string;
  /** where in the document, e.g. `nodes[2].config.url` */
  path: string;
  message: string;
}

export type FlowValidation = { ok: true; flow: FlowDocument; triggerId: string } | { ok: false; issues: FlowIssue[] };

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, "");
}

function zodIssues(error: z.ZodError, prefix: string, rule: FlowRule, nodeId?: string): FlowIssue[] {
  return error.issues.map((issue) => {
    const path = pathOf([...(prefix ? [prefix] : []), ...issue.path]);
    const where = nodeId ? `node "${nodeId}": ` : "";
    return { rule, nodeId, path, message: `${where}${path || "document"}: ${issue.message}` };
  });
}

/**
 * Validates a flow document against the schema and the graph rules, using what the catalog says
 * about components. Every problem becomes one issue naming the node and the rule broken.
 * The designer and the server run this same function.
 */
export function validateFlow(input: unknown, catalog: ComponentCatalog): FlowValidation {
  const parsed = flowDocumentSchema.safeParse(upgradeDocument(input));
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, "", "schema") };
  const flow = parsed.data;
  const issues: FlowIssue[] = [];
  const add = (rule: FlowRule, path: string, message: string, nodeId?: string) =>
    issues.push({ rule, nodeId, path, message: nodeId ? `node "${nodeId}": ${message}` : message });

  const nodes = new Map<string, FlowNode>();
  const triggers: string[] = [];
  flow.nodes.forEach((node, i) => {
    if (nodes.has(node.id)) {
      add("duplicate-node-id", `nodes[${i}].id`, `the id is used by another node; node ids must be unique`, node.id);
      return;
    }
    nodes.set(node.id, node);
    const component = catalog[node.component];
    if (!component) {
      const known = Object.keys(catalog).sort().join(", ");
      add("unknown-component", `nodes[${i}].component`, `unknown component "${node.component}" (known: ${known})`, node.id);
      return;
    }
    const fn = component.functions[node.function];
    if (!fn) {
      const known = Object.keys(component.functions).sort().join(", ");
      add(
        "unknown-function",
        `nodes[${i}].function`,
        `component "${node.component}" has no function "${node.function}" (it has: ${known})`,
        node.id,
      );
      return;
    }
    if (fn.kind === "trigger") triggers.push(node.id);
    if (fn.config) {
      const config = fn.config.safeParse(node.config);
      if (!config.success) issues.push(...zodIssues(config.error, `nodes[${i}].config`, "invalid-config", node.id));
    }
    if (node.mapping !== undefined) {
      if (fn.kind === "trigger") {
        add("mapping-on-trigger", `nodes[${i}].mapping`, "a trigger cannot have a mapping; map fields on the action after it", node.id);
      } else {
        const compiled = compileExpression(node.mapping);
        if (!compiled.ok) add("invalid-mapping", `nodes[${i}].mapping`, `mapping is not valid JSONata: ${mappingErrorText(node.mapping, compiled.error)}`, node.id);
      }
    }
  });

  if (triggers.length === 0 && issues.every((i) => i.rule !== "unknown-component" && i.rule !== "unknown-function")) {
    add("no-trigger", "nodes", "the flow has no trigger; its first step must be a trigger");
  }
  const triggerId = triggers[0];
  for (const extra of triggers.slice(1)) {
    add("second-trigger", `nodes[${flow.nodes.findIndex((n) => n.id === extra)}]`, `is a second trigger ("${triggerId}" is the trigger); a flow has exactly one`, extra);
  }

  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const seenEdges = new Set<string>();
  flow.edges.forEach((edge, i) => {
    for (const end of ["source", "target"] as const) {
      if (!nodes.has(edge[end])) add("edge-unknown-node", `edges[${i}].${end}`, `edge ${i} (${edge.source} → ${edge.target}) names unknown node "${edge[end]}" as its ${end}`);
    }
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) return;
    const key = `${edge.source}\u0000${edge.target}`;
    if (seenEdges.has(key)) {
      add("duplicate-edge", `edges[${i}]`, `edge ${edge.source} → ${edge.target} appears twice`, edge.target);
      return;
    }
    seenEdges.add(key);
    if (edge.source === edge.target) {
      add("self-loop", `edges[${i}]`, "an edge connects the node to itself", edge.source);
      return;
    }
    if (triggers.includes(edge.target)) {
      add("edge-into-trigger", `edges[${i}]`, `is the trigger; no edge may lead into it (edge from "${edge.source}")`, edge.target);
      return;
    }
    if (edge.condition !== undefined) {
      const compiled = compileExpression(edge.condition);
      if (!compiled.ok) add("invalid-condition", `edges[${i}].condition`, `the condition on the connection to "${edge.target}" is not valid JSONata: ${compiled.error.message.replace(/\(at character (\d+)\)$/, "(at character $1 of the condition)")}`, edge.source);
      if (edge.otherwise) add("otherwise", `edges[${i}].otherwise`, `the connection to "${edge.target}" is the otherwise connection: it takes what no condition took, so it cannot have a condition of its own`, edge.source);
    }
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  });

  for (const [target, sources] of incoming) {
    if (sources.length > 1) {
      add("join", `edges`, `has ${sources.length} incoming edges (from ${sources.map((s) => `"${s}"`).join(", ")}); joins are not supported, each action has exactly one step before it`, target);
    }
  }

  for (const [source, targets] of outgoing) {
    const from = flow.edges.filter((e) => e.source === source && targets.includes(e.target));
    const otherwise = from.filter((e) => e.otherwise);
    if (otherwise.length > 1) {
      add("otherwise", "edges", `has ${otherwise.length} otherwise connections (to ${otherwise.map((e) => `"${e.target}"`).join(", ")}); a step has at most one`, source);
    } else if (otherwise.length === 1 && !from.some((e) => e.condition !== undefined && !e.otherwise)) {
      add("otherwise", `edges[${flow.edges.indexOf(otherwise[0] as (typeof flow.edges)[number])}].otherwise`, `the otherwise connection to "${otherwise[0]?.target}" needs a connection with a condition beside it`, source);
    }
  }

  const cycle = findCycle([...nodes.keys()], outgoing);
  if (cycle) add("cycle", "edges", `is part of a cycle: ${[...cycle, cycle[0]].join(" → ")}`, cycle[0]);

  if (triggerId && !cycle) {
    const reached = new Set<string>([triggerId]);
    const stack = [triggerId];
    while (stack.length) {
      for (const next of outgoing.get(stack.pop() as string) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          stack.push(next);
        }
      }
    }
    flow.nodes.forEach((node, i) => {
      if (!reached.has(node.id) && nodes.get(node.id) === node && !triggers.includes(node.id)) {
        add("unreachable", `nodes[${i}]`, `cannot be reached from the trigger "${triggerId}"; connect it or remove it`, node.id);
      }
    });
  }

  (flow.tests ?? []).forEach((test, t) => {
    const where = `tests[${t}] ("${test.name}")`;
    for (const [part, named] of [["responses", test.responses ?? {}], ["expect", test.expect]] as const) {
      for (const id of Object.keys(named)) {
        if (!nodes.has(id)) add("test", `tests[${t}].${part}.${id}`, `${where}: ${part} names step "${id}", which the flow does not have`);
        else if (part === "responses" && id === triggerId) add("test", `tests[${t}].responses.${id}`, `${where}: "${id}" is the trigger; its message is the case's input`);
      }
    }
    for (const [id, expectation] of Object.entries(test.expect)) {
      if (expectation.assert === undefined) continue;
      const compiled = compileExpression(expectation.assert);
      if (!compiled.ok) add("test", `tests[${t}].expect.${id}.assert`, `${where}: the assertion on "${id}" is not valid JSONata: ${compiled.error.message}`);
    }
  });

  if (issues.length > 0 || !triggerId) return { ok: false, issues };
  return { ok: true, flow, triggerId };
}

function findCycle(ids: string[], outgoing: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, "visiting");
    path.push(id);
    for (const next of outgoing.get(id) ?? []) {
      if (state.get(next) === "visiting") return path.slice(path.indexOf(next));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of ids) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Renders issues as one readable paragraph (CLI, API error messages). */
export function describeIssues(issues: FlowIssue[]): string {
  return issues.map((i) => i.message).join("; ");
}
