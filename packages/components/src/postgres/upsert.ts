import { defineAction, StepError } from "@interflow/sdk";
import { type UpsertConfig, upsertConfig } from "../sql/config";
import { upsertFields, upsertInput } from "../sql/fields";
import { upsertRowOf } from "../sql/rows";
import { parseTableName, type TableColumns, tableLabel } from "../sql/tables";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { postgresForms } from "./forms";
import { tableColumnsOf } from "./table-cache";
import { quoteIdent, sqlTableName } from "./tables";

const JSON_TYPES = new Set(["json", "jsonb"]);

/** A message value as a statement parameter: objects (and arrays, for json columns) as JSON text. */
function parameterOf(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (JSON_TYPES.has(type)) return JSON.stringify(value);
  if (typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) return JSON.stringify(value);
  return value;
}

/**
 * Inserts the message as a row, or updates the row with the same key: one statement
 * (`INSERT … ON CONFLICT … DO UPDATE … RETURNING *`), so two messages for the same key never make
 * two rows. The message body's fields are the columns; a field that is no column of the table fails
 * the message, naming it.
 */
export const upsert = defineAction<UpsertConfig>({
  title: "Insert or update a row",
  description: "Writes each message as a row: inserted when its key is new, updated when a row has it.",
  help: {
    description:
      "Map the message's fields to the table's columns (the field names are the column names). Rows are matched on the table's primary key, or on the key column you choose (it needs a unique index). The step emits the row as stored, so later steps see generated ids and defaults.",
    link: "components/postgres#upsert",
  },
  fields: upsertFields(postgresForms),
  config: upsertConfig,
  input: upsertInput(postgresForms),
  process: async ({ config, credential, message, emit }) => {
    const connectionString = connectionStringOf(credential);
    const server = serverOf(connectionString);
    const table = parseTableName(config.table);
    if (!table) throw new StepError(`table: "${config.table}" is not a table name`);
    const pool = poolFor(connectionString);
    let meta: TableColumns;
    try {
      meta = await tableColumnsOf(pool, table);
    } catch (error) {
      throw stepErrorOf(error, server, `reading the columns of ${tableLabel(table)}`);
    }
    const { row, names, keys, updated } = upsertRowOf(message.body, meta, config.keyColumn, tableLabel(table));
    const columns = names.map(quoteIdent).join(", ");
    const placeholders = names.map((_, i) => `$${i + 1}`).join(", ");
    const set = updated.map((name) => `${quoteIdent(name)} = EXCLUDED.${quoteIdent(name)}`).join(", ");
    const sql = `INSERT INTO ${sqlTableName(table)} (${columns}) VALUES (${placeholders}) ON CONFLICT (${keys.map(quoteIdent).join(", ")}) DO UPDATE SET ${set} RETURNING *, (xmax = 0) AS "__interflow_inserted"`;
    const values = names.map((name) => parameterOf(row[name], meta.columns.get(name) ?? ""));
    let result: { rows: Array<Record<string, unknown>> };
    try {
      result = await pool.query(sql, values);
    } catch (error) {
      if ((error as { code?: string }).code === "42P10") {
        throw new StepError(`${keys.map((k) => `"${k}"`).join(", ")} of ${tableLabel(table)} has no unique index: choose a key column that has one, or leave Match rows on empty to use the primary key`);
      }
      throw stepErrorOf(error, server, `writing to ${tableLabel(table)}`);
    }
    const { __interflow_inserted: inserted, ...stored } = result.rows[0] ?? {};
    emit.data(stored, { headers: { "postgres.operation": inserted ? "insert" : "update", "postgres.table": `${meta.table.schema}.${meta.table.name}` } });
  },
});
