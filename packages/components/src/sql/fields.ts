import type { FieldDefinition, InputSchema } from "@interflow/sdk";

/**
 * The forms of a database component's functions (query, upsert, new-or-updated-rows), the same
 * for every database but for the docs page they link to and the database's placeholders.
 */
export interface SqlForms {
  /** the component's docs page, e.g. "components/mysql" */
  docs: string;
  /** how a statement names the message's values, e.g. "$1, $2, …" or "?" */
  placeholders: string;
  /** a statement of the query action, as the field's placeholder */
  queryExample: string;
  /** the trigger's query, as the field's placeholder */
  changedSinceExample: string;
  /** where the trigger's query takes the time to read from, e.g. "whose $1 is" */
  changedSinceWhere: string;
  /** what "Match rows on" adds about how the database matches rows */
  keyNote?: string;
}

export function queryFields(f: SqlForms): FieldDefinition[] {
  return [
    {
      key: "sql",
      label: "Statement",
      type: "code",
      language: "sql",
      required: true,
      placeholder: f.queryExample,
      help: { description: `One SQL statement; ${f.placeholders} are the message's parameters in order.`, link: `${f.docs}#sql` },
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
      help: { description: "One message with every row and the row count, or one message per row for the next steps to handle one by one.", link: `${f.docs}#emit` },
    },
  ];
}

export function upsertFields(f: SqlForms): FieldDefinition[] {
  return [
    {
      key: "table",
      label: "Table",
      type: "dynamic-select",
      optionsFrom: "tables",
      required: true,
      help: { description: "The table to write to, from the credential's database (Reload after creating one).", link: `${f.docs}#table` },
    },
    {
      key: "keyColumn",
      label: "Match rows on",
      type: "dynamic-select",
      optionsFrom: "columns",
      help: {
        description: `The column whose value identifies a row (e.g. an order number from the source). Empty: the table's primary key. It needs a unique index.${f.keyNote ? ` ${f.keyNote}` : ""}`,
        link: `${f.docs}#keyColumn`,
      },
    },
  ];
}

/** what the upsert takes from the message: one field per column */
export const upsertInput = (f: SqlForms): InputSchema => ({
  fields: [],
  additional: true,
  help: { description: "Add one field per column you want to set: the field's name is the column's name, its expression the value.", link: `${f.docs}#upsert` },
});

export function rowsFields(f: SqlForms): FieldDefinition[] {
  const link = `${f.docs}#new-or-updated-rows`;
  return [
    {
      key: "table",
      label: "Table",
      type: "dynamic-select",
      optionsFrom: "tablesAndViews",
      required: true,
      help: { description: "The table (or view) to read, from the credential's database; or leave it empty and write a query below.", link },
    },
    {
      key: "query",
      label: "Or a query",
      type: "code",
      language: "sql",
      placeholder: f.changedSinceExample,
      help: { description: `Instead of a table: a SELECT ${f.changedSinceWhere} the time to read changes from (NULL on the first run). Its rows need the changed-at and id columns below.`, link },
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
  ];
}
