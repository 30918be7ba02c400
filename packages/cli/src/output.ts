import type { FlowStatus, FlowSummary, FlowTransition } from "./client";

/** Pretty JSON with a final newline: what every `--json` prints on stdout. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Rows as lines of left-aligned columns separated by two spaces; the last column is not padded. */
export function alignColumns(rows: ReadonlyArray<readonly string[]>): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** A table: a header line, then a line per row (see alignColumns). */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `${alignColumns([headers, ...rows]).join("\n")}\n`;
}

/** A label and its value a line, values aligned; a value of several lines goes on under itself. */
export function formatLabelled(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value.split("\n").join(`\n${" ".repeat(width + 2)}`)}`).join("\n")}\n`;
}

export const orDash = (value: string | null | undefined) => (value === null || value === undefined || value === "" ? "-" : value);

/** Timestamps as the API sends them (ISO 8601, UTC), also if a Date slipped through. */
export function formatTime(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function formatFlowList(flows: readonly FlowSummary[]): string {
  if (flows.length === 0) return "no flows yet; import one with `interflow flow import <file>`\n";
  return formatTable(
    ["ID", "NAME", "STATE", "VERSION", "WEBHOOK URL"],
    flows.map((flow) => [flow.id, flow.name, flow.stateLabel, String(flow.version), orDash(flow.webhookUrl)]),
  );
}

function describeTransition(t: FlowTransition): string {
  const cause = t.cause ? ` — ${t.cause}` : "";
  return `${orDash(t.from)} → ${t.to} (${t.event}) at ${formatTime(t.at)}${cause}`;
}

/** The window the API judges health on (HEALTH_WINDOW_MINUTES of @interflow/queue). */
const HEALTH_WINDOW = "the last 5 minutes";

/** `ok`, or `failing (deliver: 12 of 12 tries failed in the last 5 minutes)`. */
export function describeHealth({ health, failingSteps }: Pick<FlowStatus, "health" | "failingSteps">): string {
  if (health === "ok") return "ok";
  const steps = failingSteps.map((s) => `${s.stepId}: ${s.failedTries} of ${s.tries} tries failed`).join(", ");
  return `failing (${steps || "tries failed"} in ${HEALTH_WINDOW})`;
}

export function formatFlowStatus(status: FlowStatus): string {
  const live = status.state === "running" || status.state === "sleeping";
  const steps = status.steps.map((step) => {
    const replicas = live ? `, ${step.replicas.up}/${step.replicas.wanted} up` : step.replicas.wanted > 1 ? `, ${step.replicas.wanted} replicas` : "";
    const restarts = step.restarts ? `, restarted ${step.restarts.count}× (last ${step.restarts.lastAt}, replica ${step.restarts.replica}: ${step.restarts.reason})` : "";
    return `${step.id} (${step.component}.${step.function}${replicas}${restarts})`;
  });
  const rows: Array<[string, string]> = [
    ["Flow", `${status.name} (${status.id})`],
    ["Type", status.type],
    ["State", `${status.stateLabel} [${status.state}]`],
    ["Version", String(status.version)],
    ["Webhook", status.webhookUrl ? `${status.webhookUrl}${status.webhookRefused ? ` (${status.webhookRefused} refused: authentication wrong or missing)` : ""}` : "-"],
    ["Steps", steps.join("\n") || "-"],
    ["Last change", status.lastTransition ? describeTransition(status.lastTransition) : "-"],
    ["Health", describeHealth(status)],
    ["Failed messages", String(status.failedMessages)],
  ];
  return formatLabelled(rows);
}

export function formatTransitions(transitions: readonly FlowTransition[]): string {
  if (transitions.length === 0) return "no state changes yet\n";
  return formatTable(
    ["AT", "FROM", "TO", "EVENT", "CAUSE"],
    transitions.map((t) => [formatTime(t.at), orDash(t.from), t.to, t.event, orDash(t.cause)]),
  );
}

/** One line per logged line: time, step.replica, level, what the runner said. */
export function formatLogLines(lines: ReadonlyArray<{ at: number; stepId: string; replica: number; level: string | null; text: string }>): string {
  return lines.map((l) => `${new Date(l.at).toISOString()} ${l.stepId}.${l.replica} ${l.level ? `${l.level.padEnd(5)} ` : ""}${l.text}\n`).join("");
}
