import type { ExecutionStatus } from "./client";
import type { CommandName } from "./command-table";
import { UsageError } from "./errors";
import { type ParsedLine, positiveNumber } from "./parsed-line";

/** The failed messages a retry or discard acts on: all of them, or the named ones (ids or message ids). */
export type MessagePick = { all: true } | { messages: string[] };

/** The command lines about a flow's executions and failed messages. */
export type ExecutionCommand =
  | { kind: "flow-executions"; id: string; json: boolean; status: ExecutionStatus[]; stepId: string | undefined; limit: number | undefined }
  | { kind: "flow-failed"; id: string; json: boolean; stepId: string | undefined; limit: number | undefined }
  /** body: the edited body (any JSON value, null too); undefined when the message goes as it was */
  | { kind: "flow-retry"; id: string; pick: MessagePick; fromStep: string | undefined; version: number | undefined; restore: boolean; body: unknown }
  | { kind: "flow-discard"; id: string; pick: MessagePick }
  | { kind: "flow-replay"; id: string; from: string; to: string; status: ExecutionStatus[]; fromStep: string | undefined; version: number | undefined; restore: boolean; limit: number | undefined }
  | { kind: "execution-show"; id: string; json: boolean };

export type ExecutionFlowCommandName = Extract<CommandName<"flow">, "executions" | "failed" | "retry" | "discard" | "replay">;

/** Every status an execution can have: the API's, listed here so a typo is refused before any request. */
const STATUSES: Record<ExecutionStatus, true> = { running: true, retrying: true, ok: true, failed: true, dropped: true };
export const EXECUTION_STATUSES = Object.keys(STATUSES) as ExecutionStatus[];

function statuses(raw: readonly string[], usage: string): ExecutionStatus[] {
  const wrong = raw.find((s) => !Object.hasOwn(STATUSES, s));
  if (wrong !== undefined) throw new UsageError(`--status must be one of ${EXECUTION_STATUSES.join(", ")} (got "${wrong}")`, usage);
  return [...new Set(raw as ExecutionStatus[])];
}

function pickOf(line: ParsedLine): MessagePick {
  if (line.flags.all) return { all: true };
  const messages = (line.lists.message ?? []).map((m) => m.trim());
  if (messages.includes("")) throw new UsageError("--message needs a value", line.usage);
  return { messages: [...new Set(messages)] };
}

/** The JSON text of --body, for a retry of exactly one message. */
function editedBody(raw: string | undefined, pick: MessagePick, usage: string): unknown {
  if (raw === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`--body is not valid JSON: ${(err as Error).message}`, usage);
  }
  if (!("messages" in pick) || pick.messages.length !== 1) throw new UsageError("--body edits the body of one message: give exactly one --message <mid> with it", usage);
  return body;
}

/** An ISO 8601 time (one without an offset is local time) as the API takes it: UTC, with Z. */
function isoTime(raw: string, option: string, usage: string): string {
  const text = raw.trim();
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`${option} must be an ISO date-time, e.g. 2026-12-06T10:00:00Z (got "${raw}")`, usage);
  return at.toISOString();
}

const stepOf = (raw: string | undefined) => raw?.trim() || undefined;

/** `interflow flow executions|failed|retry|discard|replay …` */
export function parseExecutionFlowCommand(name: ExecutionFlowCommandName, line: ParsedLine): ExecutionCommand {
  const { usage, flags, values, lists } = line;
  const id = line.positionals[0] ?? "";
  const json = flags.json === true;
  const limit = positiveNumber(values.limit, "--limit", usage, true);
  const version = positiveNumber(values.version, "--version", usage, true);
  const restore = flags.restore === true;
  if (restore && version === undefined) throw new UsageError("--restore needs --version <n>: the version to make current again", usage);
  switch (name) {
    case "executions":
      return { kind: "flow-executions", id, json, status: statuses(lists.status ?? [], usage), stepId: stepOf(values.step), limit };
    case "failed":
      return { kind: "flow-failed", id, json, stepId: stepOf(values.step), limit };
    case "retry": {
      const pick = pickOf(line);
      return { kind: "flow-retry", id, pick, fromStep: stepOf(values["from-step"]), version, restore, body: editedBody(values.body, pick, usage) };
    }
    case "discard":
      return { kind: "flow-discard", id, pick: pickOf(line) };
    case "replay": {
      const from = isoTime(values.from ?? "", "--from", usage);
      const to = isoTime(values.to ?? "", "--to", usage);
      if (Date.parse(to) <= Date.parse(from)) throw new UsageError(`--to must be after --from (got ${from} to ${to})`, usage);
      return { kind: "flow-replay", id, from, to, status: statuses(lists.status ?? [], usage), fromStep: stepOf(values["from-step"]), version, restore, limit };
    }
  }
}

/** `interflow execution …` */
export function parseExecutionCommand(name: CommandName<"execution">, line: ParsedLine): ExecutionCommand {
  switch (name) {
    case "show":
      return { kind: "execution-show", id: line.positionals[0] ?? "", json: line.flags.json === true };
  }
}
