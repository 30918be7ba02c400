import type { FlowSettings } from "@interflow/flow";
import { formatBytes, formatCount } from "@/flows/numbers";
import type { RouterOutputs } from "@/trpc/outputs";

export type FlowDiff = RouterOutputs["flows"]["diff"]["diff"];

/** added (green), removed (red) or changed (amber) */
export type DiffTone = "added" | "removed" | "changed";

/** One thing that changed, in words: "Step changed" `transform` "configuration, input mapping". */
export interface DiffLine {
  tone: DiffTone;
  /** what happened, first: "Renamed", "Step added" */
  what: string;
  /** the step or connection it happened to, as the flow document names it */
  subject?: string;
  /** the rest of the sentence */
  detail?: string;
}

/** A step's parts as the product calls them. */
const PART_NAMES: Record<string, string> = {
  component: "component",
  function: "function",
  config: "configuration",
  mapping: "input mapping",
  credentialId: "credential",
  replicas: "replicas",
  concurrency: "messages at once per replica",
  resources: "memory and CPU limits",
};

const TYPE_NAMES: Record<string, string> = { ordinary: "ordinary", realtime: "realtime" };

const EXECUTION_MODES: Record<string, string> = { all: "all steps' input and output", errors: "only bodies of failed executions", none: "none" };

interface SettingReading<T> {
  name: string;
  read: (settings: FlowSettings | null) => T | undefined;
  format: (value: T) => string;
  /** how it reads when not set (default: "the default") */
  unset?: string;
}
/** One setting's reading, kept in the list of all (their values differ in type). */
const reading = <T>(r: SettingReading<T>) => r as SettingReading<unknown>;

/** The flow settings people set, each with how its value reads. */
const SETTINGS: Array<SettingReading<unknown>> = [
  reading({ name: "Keep executions", read: (s) => s?.executions, format: (mode) => EXECUTION_MODES[mode] ?? mode }),
  reading({ name: "Error flow", read: (s) => s?.errorFlowId, format: (id) => `flow ${id}`, unset: "none" }),
  reading({ name: "Queue limit per step (messages)", read: (s) => s?.limits?.messages, format: formatCount }),
  reading({ name: "Queue limit per step (size)", read: (s) => s?.limits?.bytes, format: formatBytes }),
  reading({ name: "Idle period", read: (s) => s?.idleSeconds, format: (seconds) => `${formatCount(seconds)} s` }),
];

/** Versions are validated when stored: their settings are flow settings, or none. */
function settingsOf(value: unknown): FlowSettings | null {
  return value && typeof value === "object" ? (value as FlowSettings) : null;
}

function settingLines(change: NonNullable<FlowDiff["settings"]>): DiffLine[] {
  const from = settingsOf(change.from);
  const to = settingsOf(change.to);
  const value = (setting: SettingReading<unknown>, v: unknown) => (v === undefined ? (setting.unset ?? "the default") : setting.format(v));
  const lines: DiffLine[] = SETTINGS.filter((setting) => setting.read(from) !== setting.read(to)).map((setting) => ({
    tone: "changed",
    what: "Setting changed",
    detail: `${setting.name} from ${value(setting, setting.read(from))} to ${value(setting, setting.read(to))}`,
  }));
  // settings this page does not know by name (written by a newer version of Interflow)
  return lines.length > 0 ? lines : [{ tone: "changed", what: "Settings changed" }];
}

/** Everything that changed from one version to the other, in the order people read it: the flow, then steps, then connections. */
export function diffLines(diff: FlowDiff): DiffLine[] {
  const lines: DiffLine[] = [];
  if (diff.name) lines.push({ tone: "changed", what: "Renamed", detail: `from “${diff.name.from}” to “${diff.name.to}”` });
  if (diff.type) {
    const type = (t: string) => TYPE_NAMES[t] ?? t;
    lines.push({ tone: "changed", what: "Type changed", detail: `from ${type(diff.type.from)} to ${type(diff.type.to)}` });
  }
  if (diff.settings) lines.push(...settingLines(diff.settings));
  for (const id of diff.nodes.added) lines.push({ tone: "added", what: "Step added", subject: id });
  for (const id of diff.nodes.removed) lines.push({ tone: "removed", what: "Step removed", subject: id });
  for (const { id, parts } of diff.nodes.changed) {
    lines.push({ tone: "changed", what: "Step changed", subject: id, detail: `its ${parts.map((part) => PART_NAMES[part] ?? part).join(", ")}` });
  }
  for (const edge of diff.edges.added) lines.push({ tone: "added", what: "Connection added", subject: edge });
  for (const edge of diff.edges.removed) lines.push({ tone: "removed", what: "Connection removed", subject: edge });
  return lines;
}
