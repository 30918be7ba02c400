import { defineAction, StepError } from "@interflow/sdk";
import { z } from "zod";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { parseTableName, quoteIdent, sqlTableName, type TableColumns, tableLabel } from "./tables";
import { tableColumnsOf } from "./table-cache";

export const upsertConfig = z.object({
  table: z.string({ error: "choose the table to write to" }).trim().min(1, "choose the table to write to").refine((value) => parseTableName(value) !== undefined, "write the table as name or schema.name"),
  /** the column a row is matched on; none: the table's primary key */
  keyColumn: z.string().trim().min(1).optional(),
});
export type UpsertConfig = z.infer<typeof upsertConfig>;

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
  fields: [
    {
      key: "table",
      label: "Table",
      type: "dynamic-select",
      optionsFrom: "tables",
      required: true,
      help: { description: "The table to write to, from the credential's database (Reload after creating one).", link: "components/postgres#table" },
    },
    {
      key: "keyColumn",
      label: "Match rows on",
      type: "dynamic-select",
      optionsFrom: "columns",
      help: {
        description: "The column whose value identifies a row (e.g. an order number from the source). Empty: the table's primary key. It needs a unique index.",
        link: "components/postgres#keyColumn",
      },
    },
  ],
  config: upsertConfig,
  input: {
    fields: [],
    additional: true,
    help: { description: "Add one field per column you want to set: the field's name is the column's name, its expression the value.", link: "components/postgres#upsert" },
  },
  process: async ({ config, credential, message, emit }) => {
    const connectionString = connectionStringOf(credential);
    const server = serverOf(connectionString);
    const body = message.body;
    if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length === 0) {
      throw new StepError("the message must be an object with one field per column (map the columns in the step's Mapping)", { details: { body } });
    }
    const table = parseTableName(config.table);
    if (!table) throw new StepError(`table: "${config.table}" is not a table name`);
    const pool = poolFor(connectionString);
    let meta: TableColumns;
    try {
      meta = await tableColumnsOf(pool, table);
    } catch (error) {
      throw stepErrorOf(error, server, `reading the columns of ${tableLabel(table)}`);
    }
    const row = body as Record<string, unknown>;
    const names = Object.keys(row);
    const unknown = names.filter((name) => !meta.columns.has(name));
    if (unknown.length > 0) {
      throw new StepError(`${unknown.map((n) => `"${n}"`).join(", ")} ${unknown.length === 1 ? "is not a column" : "are not columns"} of ${tableLabel(table)} (its columns: ${[...meta.columns.keys()].join(", ")})`);
    }
    const keys = config.keyColumn ? [config.keyColumn] : meta.primaryKey;
    if (keys.length === 0) throw new StepError(`${tableLabel(table)} has no primary key: choose the column to match rows on (Match rows on)`);
    const missingKeys = keys.filter((key) => row[key] === undefined || row[key] === null);
    if (missingKeys.length > 0) {
      throw new StepError(`the message has no value for ${missingKeys.map((k) => `"${k}"`).join(", ")}, which ${missingKeys.length === 1 ? "identifies" : "identify"} the row: map it`);
    }
    const columns = names.map(quoteIdent).join(", ");
    const placeholders = names.map((_, i) => `$${i + 1}`).join(", ");
    const updated = names.filter((name) => !keys.includes(name));
    // all columns are the key: a no-op update still returns the row
    const set = (updated.length > 0 ? updated : keys).map((name) => `${quoteIdent(name)} = EXCLUDED.${quoteIdent(name)}`).join(", ");
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
