import type { ExecutionDetail, ExecutionSummary, FailedMessagesPage, SentAgain, StepRecord } from "./client";
import { alignColumns, formatLabelled, formatTable, formatTime, orDash } from "./output";

/** `850 ms`, `12.3 s`, `4 min 7 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A text on one line, cut to `max` characters, for a table cell. */
function cell(text: string, max = 100): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `50 of 120 shown; …` when the page does not hold every match. */
function moreLine(shown: number, total: number): string {
  return total > shown ? `${shown} of ${total} shown; --limit <n> shows more (at most 500)\n` : "";
}

export function formatExecutionList(page: { items: readonly ExecutionSummary[]; total: number }, filtered: boolean): string {
  if (page.items.length === 0) return filtered ? "no executions match\n" : "no executions yet\n";
  const table = formatTable(
    ["ID", "STATUS", "STARTED", "DURATION", "STEPS", "ERROR"],
    page.items.map((e) => [e.id, e.status, formatTime(e.startedAt), formatDuration(e.durationMs), String(e.steps), e.error === null ? "-" : cell(`${orDash(e.errorStep)}: ${e.error}`)]),
  );
  return table + moreLine(page.items.length, page.total);
}

/** `(step-error, HTTP 404) not found` */
function describeError(error: NonNullable<StepRecord["error"]>): string {
  const http = error.httpStatus === null ? "" : `, HTTP ${error.httpStatus}`;
  return `(${error.kind}${http}) ${error.message}`;
}

/** A body as compact JSON; one cut at 64 KB is the text of its start, marked. */
function describeBody(body: unknown, cut: boolean): string {
  if (cut) return `${typeof body === "string" ? body : JSON.stringify(body)} … [cut at 64 KB]`;
  return body === null || body === undefined ? "- (not kept)" : JSON.stringify(body);
}

/** A try's line: step, try, status, duration, start and error. */
function recordCells(r: StepRecord): string[] {
  const cells = [r.stepId, `try ${r.attempt + 1}`, r.status, formatDuration(r.durationMs), formatTime(r.startedAt)];
  return r.error ? [...cells, `error ${describeError(r.error)}`] : cells;
}

/** Each try's line (aligned with the others), its input and output under it. */
function formatRecords(records: readonly StepRecord[]): string {
  const heads = alignColumns(records.map(recordCells));
  return records
    .map((r, i) => [`  ${heads[i]}`, `    input   ${describeBody(r.input, r.inputCut)}`, `    output  ${describeBody(r.output, r.outputCut)}`].join("\n"))
    .join("\n");
}

/** `interflow execution show`: the execution, then every try of every step, oldest first. */
export function formatExecution(e: ExecutionDetail): string {
  const summary = formatLabelled([
    ["Execution", e.id],
    ["Status", `${e.status} (${e.steps} steps passed, ${e.failed} failed, ${e.dropped} dropped, ${e.pending} on their way)`],
    ["Flow", `${e.flowName} (${e.flowId}), version ${e.flowVersion}`],
    ["Message", e.messageId],
    ["Started", formatTime(e.startedAt)],
    ["Duration", formatDuration(e.durationMs)],
    ["Replay of", orDash(e.replayOf)],
    ["Error", e.error === null ? "-" : `${orDash(e.errorStep)}: ${e.error}`],
  ]);
  if (e.records.length === 0) return `${summary}\nno step records kept\n`;
  return `${summary}\nSteps\n${formatRecords(e.records)}\n`;
}

/** What was lost without a failed message to show for it, a line each when any. */
function lostLines(page: FailedMessagesPage): string {
  const lines = [
    [page.expiredUnresolved, "expired unresolved", "failed messages retention removed before anyone retried or discarded them"],
    [page.unrecorded, "unrecorded", "step records lost while the flow's records stream was full"],
    [page.errorFlowUndelivered, "error flow undelivered", "failed messages the flow's error flow could not be told of"],
  ] as const;
  return lines
    .filter(([count]) => count > 0)
    .map(([count, what, meaning]) => `${what}: ${count} (${meaning})\n`)
    .join("");
}

export function formatFailedMessages(page: FailedMessagesPage): string {
  const table =
    page.items.length === 0
      ? "no failed messages\n"
      : formatTable(
          ["ID", "STEP", "TRIES", "FAILED AT", "EXECUTION", "ERROR"],
          page.items.map((f) => [f.id, f.stepId, String(f.attempts), formatTime(f.failedAt), f.executionId, cell(f.httpStatus === null ? f.error : `HTTP ${f.httpStatus}: ${f.error}`)]),
        );
  return table + moreLine(page.items.length, page.total) + lostLines(page);
}

/** `retried 3` (or `replayed 3`), then a line for each message skipped and why. */
export function formatSentAgain(verb: "retried" | "replayed", result: SentAgain): string {
  return `${verb} ${result.sent}\n${result.skipped.map((s) => `skipped ${s.id}: ${s.reason}\n`).join("")}`;
}
