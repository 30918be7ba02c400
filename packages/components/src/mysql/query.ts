import { defineAction, StepError } from "@interflow/sdk";
import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { type QueryConfig, queryConfig } from "../sql/config";
import { queryFields } from "../sql/fields";
import { emitQueryResult } from "../sql/rows";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { mysqlForms } from "./forms";

const parametersOf = (body: unknown): unknown[] => {
  if (body === null || body === undefined) return [];
  if (typeof body !== "object" || Array.isArray(body)) throw new StepError("the message must be an object: map the statement's values to its parameters field");
  const parameters = (body as Record<string, unknown>).parameters;
  if (parameters === undefined) return [];
  if (!Array.isArray(parameters)) throw new StepError("parameters must be a list: [first ?, second ?, …] in order", { details: { parameters } });
  // a list goes as a list of values (for IN (?)); an object as JSON text
  return parameters.map((value) => (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) ? JSON.stringify(value) : value));
};

/** the statement's first word, as PostgreSQL names a result's command (SELECT, INSERT, …) */
const commandOf = (sql: string) => /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "";

/**
 * Runs one SQL statement per message, its `?` placeholders filled with the message's `parameters`
 * (escaped by the driver, never pasted as text; one statement only), and emits the result.
 */
export const query = defineAction<QueryConfig>({
  title: "Run a SQL statement",
  description: "Runs a statement with the message's values as parameters and passes its rows on.",
  help: {
    description: "Write the statement with ? where the message's values go, and map Parameters to a list of them, e.g. [order.id, customer.email]. The values are escaped by the driver, so they cannot change the statement.",
    link: "components/mysql#query",
  },
  fields: queryFields(mysqlForms),
  config: queryConfig,
  input: {
    fields: [{ key: "parameters", label: "Parameters (?, ?, …)", type: "array", help: { description: "A list of the values for the ? placeholders in order, e.g. [order.id, customer.email]. A list value becomes a list (for IN (?)), an object JSON text." } }],
    additional: false,
  },
  process: async ({ config, credential, message, emit }) => {
    const connectionString = connectionStringOf(credential);
    const parameters = parametersOf(message.body);
    let result: RowDataPacket[] | ResultSetHeader;
    try {
      [result] = await (await poolFor(connectionString)).query<RowDataPacket[] | ResultSetHeader>(config.sql, parameters);
    } catch (error) {
      throw stepErrorOf(error, serverOf(connectionString), "the statement failed");
    }
    const command = commandOf(config.sql);
    if (Array.isArray(result)) {
      emitQueryResult(emit, config.emit, { rows: result as Array<Record<string, unknown>>, rowCount: result.length, command });
      return;
    }
    // INSERT, UPDATE, DELETE: no rows; the rows changed and the id an insert got
    if (config.emit === "each") return;
    emit.data({ rows: [], rowCount: result.affectedRows, command, ...(result.insertId ? { insertId: result.insertId } : {}) });
  },
});
