import { changedSinceQuery, defineTrigger, StepError } from "@interflow/sdk";
import { type RowsConfig, rowsConfigOf } from "../sql/config";
import { rowsFields } from "../sql/fields";
import { emitChangedRows, idColumnOf } from "../sql/rows";
import { parseTableName, tableLabel } from "../sql/tables";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { postgresForms } from "./forms";
import { tableColumnsOf } from "./table-cache";
import { quoteIdent, sqlTableName } from "./tables";

export const rowsConfig = rowsConfigOf({ pattern: /\$1\b/, example: "$1 where the time to read changes from goes, e.g. WHERE updated_at >= $1 OR $1 IS NULL" });

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
  fields: rowsFields(postgresForms),
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
        idColumn = idColumnOf(await tableColumnsOf(pool, table), config, tableLabel(table));
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
    emitChangedRows(ctx, rows, { ...config, idColumn, what });
  },
});
