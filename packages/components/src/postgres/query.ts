import { defineAction, StepError } from "@interflow/sdk";
import { z } from "zod";
import { connectionStringOf, poolFor, serverOf, stepErrorOf } from "./connection";

export const queryConfig = z.object({
  sql: z.string({ error: "write the statement to run" }).trim().min(1, "write the statement to run"),
  /** each: one message per returned row; all: one message with every row */
  emit: z.enum(["all", "each"]).default("all"),
});
export type QueryConfig = z.infer<typeof queryConfig>;

/** the most rows one message may carry in "all" mode (a larger result belongs in "each") */
export const MAX_ROWS_IN_ONE_MESSAGE = 10_000;

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
  fields: [
    {
      key: "sql",
      label: "Statement",
      type: "code",
      language: "sql",
      required: true,
      placeholder: "SELECT * FROM customers WHERE email = $1",
      help: { description: "One SQL statement; $1, $2, … are the message's parameters in order.", link: "components/postgres#sql" },
    },
    {
      key: "emit",
      label: "Emit",
      type: "select",
      options: [
        { value: "all", label: "one message with all rows ({ rows, rowCount })" },
        { value: "each", label: "one message per row (none when no row)" },
      ],
      default: "all",
      help: { description: "One message with every row and the row count, or one message per row for the next steps to handle one by one.", link: "components/postgres#emit" },
    },
  ],
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
    if (config.emit === "each") {
      for (const row of result.rows) emit.data(row);
      return;
    }
    if (result.rows.length > MAX_ROWS_IN_ONE_MESSAGE) {
      throw new StepError(`the statement returned ${result.rows.length} rows, more than one message may carry (${MAX_ROWS_IN_ONE_MESSAGE}): choose "one message per row" or add a LIMIT`);
    }
    emit.data({ rows: result.rows, rowCount: result.rowCount ?? result.rows.length, command: result.command });
  },
});
