import { changedSince, type Emitter, type PollContext, StepError } from "@interflow/sdk";
import type { TableColumns } from "./tables";

/** the most rows one message may carry in "all" mode (a larger result belongs in "each") */
export const MAX_ROWS_IN_ONE_MESSAGE = 10_000;

/**
 * A query's result as the query action emits it, the same for every database: one message per row,
 * or one message `{ rows, rowCount, command }` (refused past MAX_ROWS_IN_ONE_MESSAGE rows).
 */
export function emitQueryResult(emit: Emitter, mode: "all" | "each", result: { rows: Array<Record<string, unknown>>; rowCount: number; command: string }): void {
  if (mode === "each") {
    for (const row of result.rows) emit.data(row);
    return;
  }
  if (result.rows.length > MAX_ROWS_IN_ONE_MESSAGE) {
    throw new StepError(`the statement returned ${result.rows.length} rows, more than one message may carry (${MAX_ROWS_IN_ONE_MESSAGE}): choose "one message per row" or add a LIMIT`);
  }
  emit.data(result);
}

/**
 * The row an upsert writes, checked against the table before any statement: the message is an
 * object, each field a column, and the columns identifying the row have values. Answers the
 * row, its column names (the message's order), the key columns and the columns an update sets.
 * `label` names the table in errors as the step's form does.
 */
export function upsertRowOf(body: unknown, meta: TableColumns, keyColumn: string | undefined, label: string): { row: Record<string, unknown>; names: string[]; keys: string[]; updated: string[] } {
  if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
    throw new StepError("the message must be an object with one field per column (map the columns in the step's Mapping)", { details: { body } });
  }
  const row = body as Record<string, unknown>;
  const names = Object.keys(row);
  const unknown = names.filter((name) => !meta.columns.has(name));
  if (unknown.length > 0) {
    throw new StepError(`${unknown.map((n) => `"${n}"`).join(", ")} ${unknown.length === 1 ? "is not a column" : "are not columns"} of ${label} (its columns: ${[...meta.columns.keys()].join(", ")})`);
  }
  const keys = keyColumn ? [keyColumn] : meta.primaryKey;
  if (keys.length === 0) throw new StepError(`${label} has no primary key: choose the column to match rows on (Match rows on)`);
  const missingKeys = keys.filter((key) => row[key] === undefined || row[key] === null);
  if (missingKeys.length > 0) {
    throw new StepError(`the message has no value for ${missingKeys.map((k) => `"${k}"`).join(", ")}, which ${missingKeys.length === 1 ? "identifies" : "identify"} the row: map it`);
  }
  // all columns are the key: a no-op update still matches the row
  const updated = names.filter((name) => !keys.includes(name));
  return { row, names, keys, updated: updated.length > 0 ? updated : keys };
}

/** The id column of a table's rows for the trigger: the one chosen, else its primary key of one column. */
export function idColumnOf(meta: TableColumns, config: { idColumn?: string; updatedAtColumn: string }, label: string): string {
  if (!meta.columns.has(config.updatedAtColumn)) throw new StepError(`updatedAtColumn: ${label} has no column "${config.updatedAtColumn}"`);
  const chosen = config.idColumn ?? (meta.primaryKey.length === 1 ? meta.primaryKey[0] : undefined);
  if (!chosen) throw new StepError(`idColumn: ${label} has ${meta.primaryKey.length === 0 ? "no primary key" : "a primary key of several columns"}: choose the column that identifies a row`);
  if (!meta.columns.has(chosen)) throw new StepError(`idColumn: ${label} has no column "${chosen}"`);
  return chosen;
}

/**
 * What the new-or-updated-rows trigger does with the rows one run read (oldest change first), the
 * same for every database: each new or changed row emitted once (its id and change time tell them
 * apart), then the snapshot with the newest change seen and the rows seen in the overlap.
 */
export function emitChangedRows(
  ctx: Pick<PollContext<unknown>, "snapshot" | "emit" | "logger">,
  rows: Array<Record<string, unknown>>,
  p: { updatedAtColumn: string; idColumn: string; overlapSeconds: number; batchSize: number; what: string },
): void {
  if (rows.length > 0 && !(p.updatedAtColumn in (rows[0] as object))) throw new StepError(`updatedAtColumn: the rows of ${p.what} have no column "${p.updatedAtColumn}"`);
  if (rows.length > 0 && !(p.idColumn in (rows[0] as object))) throw new StepError(`idColumn: the rows of ${p.what} have no column "${p.idColumn}"`);
  const { changed, snapshot, invalid } = changedSince(rows, {
    snapshot: ctx.snapshot,
    timeOf: (row) => row[p.updatedAtColumn] as Date | string | null,
    idOf: (row) => String(row[p.idColumn]),
    overlapMs: p.overlapSeconds * 1000,
  });
  if (invalid.length > 0) ctx.logger.warn(`rows without a time in ${p.updatedAtColumn} skipped`, { count: invalid.length });
  if (rows.length === p.batchSize) ctx.logger.info("the run read a full batch; the next run goes on from its newest change", { batchSize: p.batchSize });
  for (const row of changed) ctx.emit.data(row);
  ctx.emit.snapshot(snapshot);
}
