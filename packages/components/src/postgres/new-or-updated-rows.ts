import { changedSince, changedSinceQuery, defineTrigger, StepError } from "@interflow/sdk";
import { z } from "zod";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { tableColumnsOf } from "./table-cache";
import { parseTableName, quoteIdent, sqlTableName, tableLabel } from "./tables";

export const rowsConfig = z
  .object({
  /** the table to read; or `query` */
  table: z.string().trim().refine((value) => value === "" || parseTableName(value) !== undefined, "write the table as name or schema.name").optional(),
  /** instead of a table: a SELECT whose $1 is the time to read changes from (NULL on the first run) */
  query: z.string().trim().optional(),
  /** the column every insert and update sets to the time of the change */
  updatedAtColumn: z.string({ error: "choose the column that holds when a row changed" }).trim().min(1, "choose the column that holds when a row changed"),
  /** what identifies a row; none: the table's primary key (one column) */
  idColumn: z.string().trim().min(1).optional(),
  /** asked again before the newest change seen, for rows whose transaction committed late */
  overlapSeconds: z.number().int().min(0, "must be 0 or more").max(3_600, "must be at most 3600").default(10),
  /** most rows one run reads (the next run goes on from there) */
  batchSize: z.number().int().min(1, "must be at least 1").max(50_000, "must be at most 50000").default(5_000),
  })
  .superRefine((config, ctx) => {
    const table = config.table !== undefined && config.table !== "";
    const query = config.query !== undefined && config.query !== "";
    if (!table && !query) ctx.addIssue({ code: "custom", path: ["table"], message: "choose the table to read (or write a query)" });
    if (table && query) ctx.addIssue({ code: "custom", path: ["query"], message: "read a table or run a query, not both: empty one of them" });
    if (query && !/\$1\b/.test(config.query ?? "")) ctx.addIssue({ code: "custom", path: ["query"], message: "use $1 where the time to read changes from goes, e.g. WHERE updated_at >= $1 OR $1 IS NULL" });
    if (query && !config.idColumn) ctx.addIssue({ code: "custom", path: ["idColumn"], message: "name the column of the query's rows that identifies a row" });
  });
export type RowsConfig = z.infer<typeof rowsConfig>;

/**
 * Each run reads the rows whose change time is at or after the snapshot's newest change minus the
 * overlap, oldest first, and emits each new or changed row once (its id and change time tell them
 * apart); the snapshot keeps the newest change seen and the rows seen in the overlap.
 */
export const newOrUpdatedRows = defineTrigger<RowsConfig>({
  title: "New or updated rows",
  description: "On the flow's schedule, reads the rows of a table changed since the last run and emits one message per new or changed row.",
  help: {
    description:
      "The table needs a column that every insert and update sets to the time of the change (e.g. updated_at with a trigger, or set by the application). Each change of a row is emitted once; rows committed late are caught by the overlap.",
    link: "components/postgres#new-or-updated-rows",
  },
  fields: [
    {
      key: "table",
      label: "Table",
      type: "dynamic-select",
      optionsFrom: "tablesAndViews",
      required: true,
      help: { description: "The table (or view) to read, from the credential's database; or leave it empty and write a query below.", link: "components/postgres#new-or-updated-rows" },
    },
    {
      key: "query",
      label: "Or a query",
      type: "code",
      language: "sql",
      placeholder: "SELECT c.*, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.updated_at >= $1 OR $1 IS NULL",
      help: { description: "Instead of a table: a SELECT whose $1 is the time to read changes from (NULL on the first run). Its rows need the changed-at and id columns below.", link: "components/postgres#new-or-updated-rows" },
    },
    {
      key: "updatedAtColumn",
      label: "Changed at column",
      type: "dynamic-select",
      optionsFrom: "columns",
      required: true,
      help: { description: "The timestamp column every insert and update sets (e.g. updated_at)." },
    },
    {
      key: "idColumn",
      label: "Row id column",
      type: "dynamic-select",
      optionsFrom: "columns",
      help: { description: "What identifies a row. Empty: the table's primary key." },
    },
    { key: "overlapSeconds", label: "Overlap", type: "number", unit: "s", min: 0, max: 3_600, default: 10, help: { description: "Reads this much before the newest change seen again, for transactions that committed late; rows seen already are not emitted twice." } },
    { key: "batchSize", label: "Rows per run", type: "number", min: 1, max: 50_000, default: 5_000, help: { description: "Most rows one run reads; the next run goes on from there." } },
  ],
  config: rowsConfig,
  poll: async (ctx) => {
    const { config } = ctx;
    const connectionString = connectionStringOf(ctx.credential);
    const server = serverOf(connectionString);
    const from = changedSinceQuery(ctx.snapshot, config.overlapSeconds * 1000);
    const changedAt = quoteIdent(config.updatedAtColumn);
    let sql: string;
    let idColumn: string;
    let what: string;
    if (config.query) {
      // the person's SELECT, ordered and limited around it: its $1 is the time to read from
      idColumn = config.idColumn ?? "";
      what = "the query";
      sql = `SELECT * FROM (${config.query.replace(/;\s*$/, "")}) AS changed ORDER BY ${changedAt}, ${quoteIdent(idColumn)} LIMIT ${config.batchSize}`;
    } else {
      const table = parseTableName(config.table ?? "");
      if (!table) throw new StepError(`table: "${config.table}" is not a table name`);
      what = tableLabel(table);
      const pool = poolFor(connectionString);
      try {
        const meta = await tableColumnsOf(pool, table);
        if (!meta.columns.has(config.updatedAtColumn)) throw new StepError(`updatedAtColumn: ${tableLabel(table)} has no column "${config.updatedAtColumn}"`);
        const chosen = config.idColumn ?? (meta.primaryKey.length === 1 ? meta.primaryKey[0] : undefined);
        if (!chosen) throw new StepError(`idColumn: ${tableLabel(table)} has ${meta.primaryKey.length === 0 ? "no primary key" : "a primary key of several columns"}: choose the column that identifies a row`);
        if (!meta.columns.has(chosen)) throw new StepError(`idColumn: ${tableLabel(table)} has no column "${chosen}"`);
        idColumn = chosen;
      } catch (error) {
        if (error instanceof StepError) throw error;
        throw stepErrorOf(error, server, `reading the columns of ${tableLabel(table)} failed`);
      }
      sql = `SELECT * FROM ${sqlTableName(table)} WHERE $1::timestamptz IS NULL OR ${changedAt} >= $1::timestamptz ORDER BY ${changedAt}, ${quoteIdent(idColumn)} LIMIT ${config.batchSize}`;
    }
    let rows: Array<Record<string, unknown>>;
    try {
      rows = (await poolFor(connectionString).query(sql, [from])).rows;
    } catch (error) {
      // the ORDER BY around a query names the columns the form gave: say which field is wrong
      const missing = config.query && (error as { code?: string }).code === "42703" ? /column "([^"]+)" does not exist/.exec((error as Error).message)?.[1] : undefined;
      if (missing === idColumn) throw new StepError(`idColumn: the rows of the query have no column "${missing}"`);
      if (missing === config.updatedAtColumn) throw new StepError(`updatedAtColumn: the rows of the query have no column "${missing}"`);
      throw stepErrorOf(error, server, `reading ${what} failed`);
    }
    if (rows.length > 0 && !(config.updatedAtColumn in (rows[0] as object))) throw new StepError(`updatedAtColumn: the rows of ${what} have no column "${config.updatedAtColumn}"`);
    if (rows.length > 0 && !(idColumn in (rows[0] as object))) throw new StepError(`idColumn: the rows of ${what} have no column "${idColumn}"`);
    const { changed, snapshot, invalid } = changedSince(rows, {
      snapshot: ctx.snapshot,
      timeOf: (row) => row[config.updatedAtColumn] as Date | string | null,
      idOf: (row) => String(row[idColumn]),
      overlapMs: config.overlapSeconds * 1000,
    });
    if (invalid.length > 0) ctx.logger.warn(`rows without a time in ${config.updatedAtColumn} skipped`, { count: invalid.length });
    if (rows.length === config.batchSize) ctx.logger.info("the run read a full batch; the next run goes on from its newest change", { batchSize: config.batchSize });
    for (const row of changed) ctx.emit.data(row);
    ctx.emit.snapshot(snapshot);
  },
});
