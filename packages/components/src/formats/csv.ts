import { defineAction, defineComponent, StepError } from "@interflow/sdk";
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { SplitPosition } from "../split/split";
import { jsonataField } from "../transform/expression";
import { FORMAT_MAX_TEXT_BYTES, textOfSource, valueOfSource } from "./source";

export const CSV_DEFAULT_MAX_ROWS = 10_000;
export const CSV_MAX_ROWS_LIMIT = 100_000;

const DELIMITERS = [
  { value: ",", label: "Comma ( , )" },
  { value: ";", label: "Semicolon ( ; )" },
  { value: "\t", label: "Tab" },
  { value: "|", label: "Pipe ( | )" },
];
const delimiter = z.enum([",", ";", "\t", "|"], { error: "must be a comma, a semicolon, a tab or a pipe" }).default(",");
const maxRows = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(CSV_MAX_ROWS_LIMIT, `at most ${CSV_MAX_ROWS_LIMIT}`)
  .default(CSV_DEFAULT_MAX_ROWS);

export const csvParseConfigSchema = z.object({
  source: jsonataField("a JSONata path to the CSV text").default("raw"),
  delimiter,
  /** the first row names the columns: each row becomes an object; otherwise a list of values */
  header: z.boolean().default(true),
  /** one message per row (each knowing its position), or one message holding them all */
  output: z.enum(["messages", "list"], { error: 'must be "messages" or "list"' }).default("messages"),
  /** numbers and true/false become JSON numbers and booleans; otherwise every value stays text */
  convertValues: z.boolean().default(false),
  maxRows,
});
export type CsvParseConfig = z.infer<typeof csvParseConfigSchema>;

export const csvWriteConfigSchema = z.object({
  source: jsonataField("a JSONata path to the list of rows").default("rows"),
  delimiter,
  header: z.boolean().default(true),
  /** the columns in order (comma-separated); empty: every key of the rows, in the order first seen */
  columns: z.string().trim().max(10_000).default(""),
  maxRows,
});
export type CsvWriteConfig = z.infer<typeof csvWriteConfigSchema>;

const sourceField = (placeholder: string, description: string) =>
  ({ key: "source", label: "Source", type: "code", language: "jsonata", required: true, default: placeholder, placeholder, help: { description } }) as const;
const delimiterField = { key: "delimiter", label: "Delimiter", type: "select", options: DELIMITERS, default: "," } as const;
const maxRowsField = (what: string) =>
  ({
    key: "maxRows",
    label: "At most",
    type: "number",
    min: 1,
    max: CSV_MAX_ROWS_LIMIT,
    unit: "rows",
    default: CSV_DEFAULT_MAX_ROWS,
    help: { description: `A message with more rows fails (kept as a failed message, nothing of it is ${what}).` },
  }) as const;

const convert = (value: string): unknown => {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(value) && value.length <= 17) return Number(value);
  return value;
};

export const csvParse = defineAction<CsvParseConfig>({
  pure: true,
  title: "Parse CSV",
  description: "Reads CSV text into rows: one message per row, or one message with all of them.",
  config: csvParseConfigSchema,
  help: {
    description:
      "Quoted values, delimiters and line breaks inside quotes and a byte-order mark are handled. With one message per row, the next steps find the row's position in $headers.split.index (from 0) and the count in $headers.split.total. A row with a different number of values than the header fails the message, naming the line.",
    link: "components/csv#parse",
  },
  fields: [
    sourceField("raw", "A JSONata path to the CSV text. A webhook that receives text/csv puts it in raw; an http step's text response in body."),
    delimiterField,
    { key: "header", label: "First row names the columns", type: "checkbox", default: true, help: { description: "Each row becomes an object keyed by the column names; without it, a list of values." } },
    {
      key: "output",
      label: "Send",
      type: "select",
      options: [
        { value: "messages", label: "One message per row" },
        { value: "list", label: "One message with all rows ({ rows, count })" },
      ],
      default: "messages",
    },
    { key: "convertValues", label: "Numbers and true/false as JSON", type: "checkbox", default: false, help: { description: "Otherwise every value stays text, as CSV has it (\"007\" stays \"007\")." } },
    maxRowsField("sent"),
  ],
  process: async (ctx) => {
    const text = await textOfSource(ctx, "CSV");
    const { delimiter, header, output, convertValues } = ctx.config;
    let rows: unknown[];
    try {
      rows = parse(text, {
        delimiter,
        columns: header ? (names: string[]) => names.map((name, i) => name.trim() || `column${i + 1}`) : false,
        skip_empty_lines: true,
        bom: true,
        to: ctx.config.maxRows + 1,
        cast: convertValues ? (value: string, context: { header: boolean; quoting: boolean }) => (context.header || context.quoting ? value : convert(value)) : false,
      }) as unknown[];
    } catch (err) {
      if (err instanceof CsvError) throw new StepError(`not valid CSV: ${err.message}`, { details: { code: err.code }, cause: err });
      throw err;
    }
    if (rows.length > ctx.config.maxRows) {
      throw new StepError(`the CSV has more than ${ctx.config.maxRows} rows, this step's limit ("At most"): nothing was sent`, { details: { maxRows: ctx.config.maxRows } });
    }
    if (output === "list") return ctx.emit.data({ rows, count: rows.length });
    if (rows.length === 0) return ctx.emit.filtered();
    rows.forEach((row, index) => {
      const position: SplitPosition = { index, total: rows.length, of: ctx.message.id };
      ctx.emit.data(row, { headers: { ...ctx.message.headers, split: position } });
    });
  },
});

const cell = (value: unknown): string => (value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

export const csvWrite = defineAction<CsvWriteConfig>({
  pure: true,
  title: "Write CSV",
  description: "Writes a list of rows (objects or lists of values) as CSV text: { csv, rows }.",
  config: csvWriteConfigSchema,
  help: {
    description:
      "Values that hold the delimiter, quotes or line breaks are quoted; nested objects and lists are written as JSON; empty and missing values as nothing. Collect messages into one list first with a Batch step.",
    link: "components/csv#write",
  },
  fields: [
    sourceField("rows", "A JSONata path to the list of rows, e.g. rows, or items for a Batch step's output."),
    delimiterField,
    { key: "header", label: "Header row", type: "checkbox", default: true },
    {
      key: "columns",
      label: "Columns",
      type: "text",
      placeholder: "id, name, email",
      help: { description: "The columns in order, separated by commas. Empty: every key of the rows, in the order first seen (rows that are lists are written as they are)." },
    },
    maxRowsField("written"),
  ],
  process: async (ctx) => {
    const value = await valueOfSource(ctx, "the rows");
    const rows = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (rows.length > ctx.config.maxRows) {
      throw new StepError(`${rows.length} rows, more than this step's ${ctx.config.maxRows} ("At most"): nothing was written`, { details: { rows: rows.length } });
    }
    const named = ctx.config.columns
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const columns = named.length > 0 ? named : [...new Set(rows.flatMap((row) => (row !== null && typeof row === "object" && !Array.isArray(row) ? Object.keys(row) : [])))];
    const records = rows.map((row, i) => {
      if (Array.isArray(row)) return row.map(cell);
      if (row !== null && typeof row === "object") return columns.map((column) => cell((row as Record<string, unknown>)[column]));
      throw new StepError(`row ${i + 1} is ${row === null ? "null" : typeof row}, not an object or a list of values`, { details: { row: i } });
    });
    const csv = stringify(records, { delimiter: ctx.config.delimiter, header: ctx.config.header && columns.length > 0, columns: columns.length > 0 ? columns : undefined, record_delimiter: "\r\n" });
    if (Buffer.byteLength(csv, "utf8") > FORMAT_MAX_TEXT_BYTES) throw new StepError(`the CSV would be over ${FORMAT_MAX_TEXT_BYTES / 1024 / 1024} MiB: write fewer rows per message`);
    ctx.emit.data({ csv, rows: rows.length });
  },
});

export const csvComponent = defineComponent({
  name: "csv",
  title: "CSV",
  description: "Reads and writes CSV text.",
  icon: "table",
  help: { description: "Turn CSV files and exports into messages, and lists of records into CSV for the applications that take it.", link: "components/csv" },
  functions: { parse: csvParse, write: csvWrite },
});
