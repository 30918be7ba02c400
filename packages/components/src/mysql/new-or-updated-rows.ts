import { changedSinceQuery, defineTrigger, StepError } from "@interflow/sdk";
import type { RowDataPacket } from "mysql2/promise";
import { type RowsConfig, rowsConfigOf } from "../sql/config";
import { rowsFields } from "../sql/fields";
import { emitChangedRows, idColumnOf } from "../sql/rows";
import { parseTableName, tableLabel } from "../sql/tables";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { mysqlForms } from "./forms";
import { tableColumnsOf } from "./table-cache";
import { quoteIdent, sqlTableName } from "./tables";

export const rowsConfig = rowsConfigOf({ pattern: /\?/, example: "? where the time to read changes from goes (each ? gets it), e.g. WHERE updated_at >= ? OR ? IS NULL" });

/** the driver's placeholders in a statement: each lone ? takes a value (?? is an identifier) */
const placeholdersIn = (sql: string) => [...sql.matchAll(/\?+/g)].filter((m) => m[0].length === 1).length;

/**
 * Each run reads the rows whose change time is at or after the snapshot's newest change minus the
 * overlap, oldest first, and emits each new or changed row once (its id and change time tell them
 * apart); the snapshot keeps the newest change seen and the rows seen in the overlap. Times are
 * read in UTC (the session's time zone).
 */
export const newOrUpdatedRows = defineTrigger<RowsConfig>({
  title: "New or updated rows",
  description: "On the flow's schedule, reads the rows of a table changed since the last run and emits one message per new or changed row.",
  help: {
    description:
      "The table needs a column that every insert and update sets to the time of the change (e.g. updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP). Each change of a row is emitted once; rows committed late are caught by the overlap.",
    link: "components/mysql#new-or-updated-rows",
  },
  fields: rowsFields(mysqlForms),
  config: rowsConfig,
  poll: async (ctx) => {
    const { config } = ctx;
    const connectionString = connectionStringOf(ctx.credential);
    const server = serverOf(connectionString);
    const from = changedSinceQuery(ctx.snapshot, config.overlapSeconds * 1000);
    const changedAt = quoteIdent(config.updatedAtColumn);
    const pool = await poolFor(connectionString);
    let sql: string;
    let values: unknown[];
    let idColumn: string;
    let what: string;
    if (config.query) {
      // the person's SELECT, ordered and limited around it: each of its ? is the time to read from
      idColumn = config.idColumn ?? "";
      what = "the query";
      sql = `SELECT * FROM (${config.query.replace(/;\s*$/, "")}) AS changed ORDER BY ${changedAt}, ${quoteIdent(idColumn)} LIMIT ${config.batchSize}`;
      values = Array.from({ length: placeholdersIn(config.query) }, () => from);
    } else {
      const table = parseTableName(config.table ?? "");
      if (!table) throw new StepError(`table: "${config.table}" is not a table name`);
      what = tableLabel(table);
      try {
        idColumn = idColumnOf(await tableColumnsOf(pool, table), config, tableLabel(table));
      } catch (error) {
        if (error instanceof StepError) throw error;
        throw stepErrorOf(error, server, `reading the columns of ${tableLabel(table)} failed`);
      }
      sql = `SELECT * FROM ${sqlTableName(table)} WHERE ? IS NULL OR ${changedAt} >= ? ORDER BY ${changedAt}, ${quoteIdent(idColumn)} LIMIT ${config.batchSize}`;
      values = [from, from];
    }
    let rows: Array<Record<string, unknown>>;
    try {
      [rows] = await pool.query<RowDataPacket[]>(sql, values);
    } catch (error) {
      // the ORDER BY around a query names the columns the form gave: say which field is wrong
      const missing = config.query && (error as { errno?: number }).errno === 1054 ? /Unknown column '(?:[^'.]*\.)?([^'.]+)'/.exec((error as Error).message)?.[1] : undefined;
      if (missing === idColumn) throw new StepError(`idColumn: the rows of the query have no column "${missing}"`);
      if (missing === config.updatedAtColumn) throw new StepError(`updatedAtColumn: the rows of the query have no column "${missing}"`);
      throw stepErrorOf(error, server, `reading ${what} failed`);
    }
    emitChangedRows(ctx, rows, { ...config, idColumn, what });
  },
});
