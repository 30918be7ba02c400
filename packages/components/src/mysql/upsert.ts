import { defineAction, StepError } from "@interflow/sdk";
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { type UpsertConfig, upsertConfig } from "../sql/config";
import { upsertFields, upsertInput } from "../sql/fields";
import { upsertRowOf } from "../sql/rows";
import { parseTableName, tableLabel } from "../sql/tables";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { mysqlForms } from "./forms";
import { tableColumnsOf } from "./table-cache";
import { type MysqlTableColumns, quoteIdent, sqlTableName } from "./tables";

const TIME_TYPES = /^(datetime|timestamp|date)\b/;

/**
 * A message value as a statement parameter: objects and lists as JSON text (a list must not become
 * a list of values here), an ISO time for a time column as the instant it names (MySQL does not
 * read "…T10:00:00Z"; the session is in UTC).
 */
function parameterOf(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && !(value instanceof Date)) return JSON.stringify(value);
  if (typeof value === "string" && TIME_TYPES.test(type) && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  return value;
}

/**
 * Inserts the message as a row, or updates the row with the same key: one statement
 * (`INSERT … ON DUPLICATE KEY UPDATE`), so two messages for the same key never make two rows; then
 * reads the row as stored. The message body's fields are the columns; a field that is no column of
 * the table fails the message, naming it.
 */
export const upsert = defineAction<UpsertConfig>({
  title: "Insert or update a row",
  description: "Writes each message as a row: inserted when its key is new, updated when a row has it.",
  help: {
    description:
      "Map the message's fields to the table's columns (the field names are the column names). Rows are matched on the table's primary key, or on the key column you choose (it needs a unique index of its own). The step emits the row as stored, so later steps see defaults and generated columns.",
    link: "components/mysql#upsert",
  },
  fields: upsertFields(mysqlForms),
  config: upsertConfig,
  input: upsertInput(mysqlForms),
  process: async ({ config, credential, message, emit }) => {
    const connectionString = connectionStringOf(credential);
    const server = serverOf(connectionString);
    const table = parseTableName(config.table);
    if (!table) throw new StepError(`table: "${config.table}" is not a table name`);
    const pool = await poolFor(connectionString);
    let meta: MysqlTableColumns;
    try {
      meta = await tableColumnsOf(pool, table);
    } catch (error) {
      throw stepErrorOf(error, server, `reading the columns of ${tableLabel(table)}`);
    }
    const { row, names, keys, updated } = upsertRowOf(message.body, meta, config.keyColumn, tableLabel(table));
    // ON DUPLICATE KEY matches unique keys only: on any other column it would insert a second row
    if (config.keyColumn && !meta.uniqueColumns.includes(config.keyColumn)) {
      throw new StepError(`"${config.keyColumn}" of ${tableLabel(table)} has no unique index of its own: choose a key column that has one, or leave Match rows on empty to use the primary key`);
    }
    const columns = names.map(quoteIdent).join(", ");
    const set = updated.map((name) => `${quoteIdent(name)} = VALUES(${quoteIdent(name)})`).join(", ");
    const sql = `INSERT INTO ${sqlTableName(table)} (${columns}) VALUES (${names.map(() => "?").join(", ")}) ON DUPLICATE KEY UPDATE ${set}`;
    const values = names.map((name) => parameterOf(row[name], meta.columns.get(name) ?? ""));
    const connection = await pool.getConnection().catch((error: unknown) => {
      throw stepErrorOf(error, server, `writing to ${tableLabel(table)}`);
    });
    try {
      const [written] = await connection.query<ResultSetHeader>(sql, values);
      // the row as stored (defaults, generated columns), by the key it was written with
      const [stored] = await connection.query<RowDataPacket[]>(
        `SELECT * FROM ${sqlTableName(table)} WHERE ${keys.map((key) => `${quoteIdent(key)} = ?`).join(" AND ")} LIMIT 1`,
        keys.map((key) => parameterOf(row[key], meta.columns.get(key) ?? "")),
      );
      // affected rows: 1 a new row, 2 an updated one, 0 a row that already had these values
      emit.data(stored[0] ?? row, { headers: { "mysql.operation": written.affectedRows === 1 ? "insert" : "update", "mysql.table": `${meta.table.schema}.${meta.table.name}` } });
    } catch (error) {
      throw stepErrorOf(error, server, `writing to ${tableLabel(table)}`);
    } finally {
      connection.release();
    }
  },
});
