import { defineAction, StepError } from "@interflow/sdk";
import { type QueryConfig, queryConfig } from "../sql/config";
import { queryFields } from "../sql/fields";
import { emitQueryResult } from "../sql/rows";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";
import { postgresForms } from "./forms";

const parametersOf = (body: unknown): unknown[] => {
  if (body === null || body === undefined) return [];
  if (typeof body !== "object" || Array.isArray(body)) throw new StepError("the message must be an object: map the statement's values to its parameters field");
  const parameters = (body as Record<string, unknown>).parameters;
  if (parameters === undefined) return [];
  if (!Array.isArray(parameters)) throw new StepError("parameters must be a list: [$1, $2, …] in order", { details: { parameters } });
  // a list goes as a PostgreSQL array (= ANY($1)); an object as JSON text (for json/jsonb: $string() a list meant as JSON)
  return parameters.map((value) => (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) ? JSON.stringify(value) : value));
};

/**
 * Runs one SQL statement per message, its `$1, $2, …` bound to the message's `parameters` (never
 * pasted into the text), and emits the result.
 */
export const query = defineAction<QueryConfig>({
  title: "Run a SQL statement",
  description: "Runs a statement with the message's values as parameters and passes its rows on.",
  help: {
    description: "Write the statement with $1, $2, … where the message's values go, and map Parameters to a list of them, e.g. [order.id, customer.email]. The values are sent apart from the statement, so they cannot change it.",
    link: "components/postgres#query",
  },
  fields: queryFields(postgresForms),
  config: queryConfig,
  input: {
    fields: [{ key: "parameters", label: "Parameters ($1, $2, …)", type: "array", help: { description: "A list of the values for $1, $2, … in order, e.g. [order.id, customer.email]. A list value goes as a PostgreSQL array (for = ANY($1)), an object as JSON; for a list meant as JSON use $string(items)." } }],
    additional: false,
  },
  process: async ({ config, credential, message, emit }) => {
    const connectionString = connectionStringOf(credential);
    const parameters = parametersOf(message.body);
    let result: { rows: Array<Record<string, unknown>>; rowCount: number | null; command: string };
    try {
      result = await poolFor(connectionString).query(config.sql, parameters);
    } catch (error) {
      throw stepErrorOf(error, serverOf(connectionString), "the statement failed");
    }
    emitQueryResult(emit, config.emit, { rows: result.rows, rowCount: result.rowCount ?? result.rows.length, command: result.command });
  },
});
