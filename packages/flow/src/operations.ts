import type { FlowDocument, FlowEdge, FlowNode, FlowSettings } from "./document";
import { type FlowTest, flowTestSchema, MAX_FLOW_TESTS } from "./flow-tests";
import { FLOW_SCHEMA_ID, flowSettingsSchema } from "./document";
import { AppError, AppErrorCode } from "./errors";
import { type Schedule, scheduleSchema } from "./schedule";
import type { z } from "zod";

/**
 * The designer's working copy: a flow document that may not be valid yet (no trigger, a dangling
 * step, an unfinished config). Every edit is one named operation below, so the canvas, undo/redo
 * and the server agree on what an edit does.
 */
export interface DraftDocument extends Omit<FlowDocument, "nodes" | "edges"> {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export type Position = { x: number; y: number };

/** Flow-level settings to change: a key left out stays as it is, a key given as undefined is removed (back to the default). */
export type FlowSettingsChange = { [K in keyof FlowSettings]?: FlowSettings[K] | undefined };

export type FlowOperation =
  /** the first step: placed on an empty canvas (a second trigger is refused) */
  | { type: "add-trigger"; component: string; function: string; position: Position; id?: string; config?: Record<string, unknown> }
  /** an action, connected after `after` when given (the "+" after a node) */
  | { type: "add-action"; component: string; function: string; position: Position; after?: string; id?: string; config?: Record<string, unknown> }
  | { type: "connect"; source: string; target: string }
  | { type: "disconnect"; source: string; target: string }
  /**
   * what a connection lets through: every message (`when: "always"`), the messages its JSONata
   * `condition` holds for, or what no other connection of its step took (`"otherwise"`: a step's
   * one otherwise connection; choosing it on another connection of the step moves it there)
   */
  | { type: "set-connection"; source: string; target: string; when: "always" | "condition" | "otherwise"; condition?: string }
  /** where a step's messages go when its connections carry conditions: every connection that holds, or only the first in order */
  | { type: "set-routing"; id: string; routing: "all" | "first" }
  /** moves a connection of a step one place earlier or later among the step's connections (the order "first" goes by) */
  | { type: "move-connection"; source: string; target: string; by: -1 | 1 }
  /** removes the step and its edges; a step between two others leaves them connected */
  | { type: "remove-step"; id: string }
  | { type: "move-step"; id: string; position: Position }
  | { type: "update-config"; id: string; config: Record<string, unknown> }
  /** the credential the step signs in with (one of the workspace's, of its component); undefined removes it */
  | { type: "set-credential"; id: string; credentialId: string | undefined }
  /**
   * how the step runs: replicas (1–10), concurrency per replica, memory (MiB) and CPUs per replica;
   * a field left undefined goes back to the platform's default
   */
  | { type: "set-runtime"; id: string; replicas?: number; concurrency?: number; memoryMb?: number; cpus?: number }
  /** when the flow's polling trigger runs (its settings.schedule); undefined: the default, every 3 minutes */
  | { type: "set-schedule"; schedule: Schedule | undefined }
  /**
   * the flow's settings (what is kept of its executions, its error flow, idle period, queue limits,
   * schedule): each key given is checked and set, or removed when undefined; the others stay
   */
  | { type: "set-flow-settings"; settings: FlowSettingsChange }
  /** the step's mapping (JSONata); undefined removes it */
  | { type: "set-mapping"; id: string; mapping: string | undefined }
  | { type: "rename-flow"; name: string }
  /** a test case kept with the flow (its name not taken by another) */
  | { type: "add-test"; test: FlowTest }
  | { type: "remove-test"; name: string };

export type FlowOperationType = FlowOperation["type"];

/** An empty draft: the canvas of a new flow. */
export function emptyDraft(name: string, type: FlowDocument["type"] = "ordinary"): DraftDocument {
  return { schema: FLOW_SCHEMA_ID, name, type, nodes: [], edges: [] };
}

/**
 * A step id not used yet in the document, from the component's name: `http`, `http_2`, … (letters,
 * digits and `_` only, so `$steps.<id>` needs no quoting in a mapping).
 */
export function newStepId(document: Pick<DraftDocument, "nodes">, base: string): string {
  const stem = /^[A-Za-z]/.test(base) ? base.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 56) : `step_${base.replace(/[^A-Za-z0-9_]/g, "_")}`.slice(0, 56);
  const used = new Set(document.nodes.map((node) => node.id));
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

function requireNode(document: DraftDocument, id: string): FlowNode {
  const node = document.nodes.find((n) => n.id === id);
  if (!node) throw new AppError(AppErrorCode.BadRequest, `the flow has no step "${id}"`);
  return node;
}

function withNode(document: DraftDocument, id: string, change: (node: FlowNode) => FlowNode): DraftDocument {
  requireNode(document, id);
  return { ...document, nodes: document.nodes.map((node) => (node.id === id ? change(node) : node)) };
}

function hasEdge(edges: FlowEdge[], source: string, target: string): boolean {
  return edges.some((edge) => edge.source === source && edge.target === target);
}

/**
 * Applies one operation and returns the new document (the input is never changed). Operations
 * that cannot apply (an unknown step, a second trigger) throw an AppError with the reason; graph
 * rules that a person may break for a while (a dangling step, a cycle) are left to validateFlow,
 * which shows them on the nodes.
 */
export function applyOperation(
  document: DraftDocument,
  operation: FlowOperation,
  kindOf: (component: string, fn: string) => "trigger" | "action" | undefined = () => undefined,
): DraftDocument {
  switch (operation.type) {
    case "add-trigger": {
      const existing = document.nodes.find((node) => kindOf(node.component, node.function) === "trigger");
      if (existing) throw new AppError(AppErrorCode.Conflict, `the flow already starts with the trigger "${existing.id}"; remove it first`);
      const id = operation.id ?? newStepId(document, operation.component);
      if (document.nodes.some((n) => n.id === id)) throw new AppError(AppErrorCode.Conflict, `a step "${id}" exists already`);
      const node: FlowNode = { id, component: operation.component, function: operation.function, config: operation.config ?? {}, position: operation.position };
      return { ...document, nodes: [node, ...document.nodes] };
    }
    case "add-action": {
      if (operation.after !== undefined) requireNode(document, operation.after);
      const id = operation.id ?? newStepId(document, operation.component);
      if (document.nodes.some((n) => n.id === id)) throw new AppError(AppErrorCode.Conflict, `a step "${id}" exists already`);
      const node: FlowNode = { id, component: operation.component, function: operation.function, config: operation.config ?? {}, position: operation.position };
      const edges = operation.after !== undefined ? [...document.edges, { source: operation.after, target: id }] : document.edges;
      return { ...document, nodes: [...document.nodes, node], edges };
    }
    case "connect": {
      requireNode(document, operation.source);
      requireNode(document, operation.target);
      if (hasEdge(document.edges, operation.source, operation.target)) return document;
      // an action has one step before it: connecting it again replaces its earlier input
      const edges = document.edges.filter((edge) => edge.target !== operation.target);
      return { ...document, edges: [...edges, { source: operation.source, target: operation.target }] };
    }
    case "disconnect":
      return { ...document, edges: document.edges.filter((e) => !(e.source === operation.source && e.target === operation.target)) };
    case "set-connection": {
      const at = document.edges.findIndex((e) => e.source === operation.source && e.target === operation.target);
      if (at < 0) throw new AppError(AppErrorCode.NotFound, `there is no connection from "${operation.source}" to "${operation.target}"`);
      const plain = { source: operation.source, target: operation.target };
      const edge =
        operation.when === "condition" ? { ...plain, condition: operation.condition ?? "" } : operation.when === "otherwise" ? { ...plain, otherwise: true as const } : plain;
      return {
        ...document,
        edges: document.edges.map((e, i) => {
          if (i === at) return edge;
          // one otherwise per step: it moves to the connection chosen
          if (operation.when === "otherwise" && e.source === operation.source && e.otherwise) return { source: e.source, target: e.target };
          return e;
        }),
      };
    }
    case "set-routing":
      return withNode(document, operation.id, (node) => {
        const { routing: _old, ...rest } = node;
        return operation.routing === "first" ? { ...rest, routing: "first" } : rest;
      });
    case "move-connection": {
      const siblings = document.edges.map((e, i) => [e, i] as const).filter(([e]) => e.source === operation.source);
      const from = siblings.findIndex(([e]) => e.target === operation.target);
      const to = from + operation.by;
      if (from < 0 || to < 0 || to >= siblings.length) return document;
      const edges = [...document.edges];
      const a = siblings[from]?.[1] as number;
      const b = siblings[to]?.[1] as number;
      [edges[a], edges[b]] = [edges[b] as FlowEdge, edges[a] as FlowEdge];
      return { ...document, edges };
    }
    case "remove-step": {
      requireNode(document, operation.id);
      const before = document.edges.filter((e) => e.target === operation.id).map((e) => e.source);
      const after = document.edges.filter((e) => e.source === operation.id).map((e) => e.target);
      const edges = document.edges.filter((e) => e.source !== operation.id && e.target !== operation.id);
      // a step between exactly one before and its followers: keep the chain connected
      if (before.length === 1) for (const target of after) if (!hasEdge(edges, before[0] as string, target)) edges.push({ source: before[0] as string, target });
      return { ...document, nodes: document.nodes.filter((n) => n.id !== operation.id), edges };
    }
    case "move-step":
      return withNode(document, operation.id, (node) => ({ ...node, position: operation.position }));
    case "update-config":
      return withNode(document, operation.id, (node) => ({ ...node, config: operation.config }));
    case "set-mapping":
      return withNode(document, operation.id, (node) => {
        const { mapping: _old, ...rest } = node;
        return operation.mapping === undefined ? rest : { ...rest, mapping: operation.mapping };
      });
    case "set-credential":
      return withNode(document, operation.id, (node) => {
        const { credentialId: _old, ...rest } = node;
        return operation.credentialId === undefined ? rest : { ...rest, credentialId: operation.credentialId };
      });
    case "set-runtime":
      return withNode(document, operation.id, (node) => withRuntime(node, operation));
    case "set-schedule": {
      const { schedule: _old, ...settings } = document.settings ?? {};
      if (operation.schedule === undefined) return { ...document, settings };
      const parsed = scheduleSchema.safeParse(operation.schedule);
      if (!parsed.success) throw new AppError(AppErrorCode.BadRequest, `schedule: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return { ...document, settings: { ...settings, schedule: parsed.data } };
    }
    case "set-flow-settings":
      return withSettings(document, operation.settings);
    case "rename-flow":
      return { ...document, name: operation.name };
    case "add-test": {
      const parsed = flowTestSchema.safeParse(operation.test);
      if (!parsed.success) throw new AppError(AppErrorCode.BadRequest, `test: ${parsed.error.issues.map((i) => `${i.path.join(".") || "case"}: ${i.message}`).join("; ")}`);
      const tests = document.tests ?? [];
      if (tests.some((t) => t.name === parsed.data.name)) throw new AppError(AppErrorCode.Conflict, `test.name: the flow has a test case named "${parsed.data.name}" already`);
      if (tests.length >= MAX_FLOW_TESTS) throw new AppError(AppErrorCode.BadRequest, `test: a flow keeps at most ${MAX_FLOW_TESTS} test cases`);
      return { ...document, tests: [...tests, parsed.data] };
    }
    case "remove-test": {
      const tests = (document.tests ?? []).filter((t) => t.name !== operation.name);
      if (tests.length === 0) {
        const { tests: _gone, ...rest } = document;
        return rest;
      }
      return { ...document, tests };
    }
    default: {
      const unknown: never = operation;
      throw new AppError(AppErrorCode.BadRequest, `unknown flow operation ${JSON.stringify(unknown)}`);
    }
  }
}

/** The steps before `id`, nearest first (the one step whose output it receives, then that one's, …). */
export function upstreamStepsOf(document: Pick<DraftDocument, "edges">, id: string): string[] {
  const chain: string[] = [];
  let current = id;
  const seen = new Set([id]);
  for (;;) {
    const edge = document.edges.find((e) => e.target === current);
    if (!edge || seen.has(edge.source)) return chain;
    chain.push(edge.source);
    seen.add(edge.source);
    current = edge.source;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isEmptyObject = (value: unknown): boolean => isRecord(value) && Object.keys(value).length === 0;

/** A schema's words for a value out of its range; a bound the schema gives no words of its own is said plainly. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_big" && issue.origin === "number" && issue.message.startsWith("Too big")) return `must be at most ${issue.maximum}`;
  if (issue.code === "too_small" && issue.origin === "number" && issue.message.startsWith("Too small")) return `must be at least ${issue.minimum}`;
  return issue.message;
}

/** Two values of one setting: a primitive, or an object of primitives (limits, schedule) in any key order. */
function sameSetting(a: unknown, b: unknown): boolean {
  if (!isRecord(a) || !isRecord(b)) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * The document with the settings of a set-flow-settings operation: each value given is checked
 * against its key's schema (the first problem refuses the whole change, naming the setting), a key
 * given as undefined (or as an empty object, like limits with neither limit) is removed, and
 * settings left with no key are removed from the document. A change that changes nothing returns
 * the document itself (no edit to undo).
 */
function withSettings(document: DraftDocument, change: FlowSettingsChange): DraftDocument {
  const shape = flowSettingsSchema.shape;
  const checked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    if (!Object.hasOwn(shape, key)) throw new AppError(AppErrorCode.BadRequest, `settings.${key}: not a flow setting (known: ${Object.keys(shape).join(", ")})`);
    if (value === undefined) continue;
    const parsed = shape[key as keyof typeof shape].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(AppErrorCode.BadRequest, `${["settings", key, ...(issue?.path ?? [])].map(String).join(".")}: ${issue ? messageOf(issue) : "invalid"}`);
    }
    const setting = isRecord(parsed.data) ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) : parsed.data;
    if (!isEmptyObject(setting)) checked[key] = setting;
  }
  const current: Record<string, unknown> = document.settings ?? {};
  if (Object.keys(change).every((key) => sameSetting(checked[key], current[key]))) return document;
  const kept = Object.entries(current).filter(([key]) => !Object.hasOwn(change, key));
  const settings = { ...Object.fromEntries(kept), ...checked } as FlowSettings;
  const { settings: _old, ...rest } = document;
  return Object.keys(settings).length > 0 ? { ...rest, settings } : rest;
}

/** The node with the runtime settings of a set-runtime operation (each checked against its range). */
function withRuntime(node: FlowNode, o: { replicas?: number; concurrency?: number; memoryMb?: number; cpus?: number }): FlowNode {
  const check = (field: string, value: number | undefined, min: number, max: number, whole = true) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      throw new AppError(AppErrorCode.BadRequest, `${field}: ${whole ? "a whole number" : "a number"} from ${min} to ${max}`);
    }
  };
  check("replicas", o.replicas, 1, 10);
  check("concurrency", o.concurrency, 1, 1000);
  check("memoryMb", o.memoryMb, 32, 16_384);
  check("cpus", o.cpus, 0.05, 16, false);
  const { replicas: _r, concurrency: _c, resources: _res, ...rest } = node;
  const resources = { ...(o.memoryMb !== undefined ? { memoryMb: o.memoryMb } : {}), ...(o.cpus !== undefined ? { cpus: o.cpus } : {}) };
  return {
    ...rest,
    ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
    ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
  };
}
