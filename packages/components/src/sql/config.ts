import { z } from "zod";
import { parseTableName } from "./tables";

/** The configuration of a database's query action (the same for every database). */
export const queryConfig = z.object({
  sql: z.string({ error: "write the statement to run" }).trim().min(1, "write the statement to run"),
  /** each: one message per returned row; all: one message with every row */
  emit: z.enum(["all", "each"]).default("all"),
});
export type QueryConfig = z.infer<typeof queryConfig>;

const tableName = z
  .string({ error: "choose the table to write to" })
  .trim()
  .min(1, "choose the table to write to")
  .refine((value) => parseTableName(value) !== undefined, "write the table as name or schema.name");

/** The configuration of a database's upsert action. */
export const upsertConfig = z.object({
  table: tableName,
  /** the column a row is matched on; none: the table's primary key */
  keyColumn: z.string().trim().min(1).optional(),
});
export type UpsertConfig = z.infer<typeof upsertConfig>;

/**
 * The configuration of a database's new-or-updated-rows trigger. A query instead of a table takes
 * the time to read changes from where the database's placeholder for it stands (`$1`, `?`).
 */
export function rowsConfigOf(placeholder: { pattern: RegExp; example: string }) {
  return z
    .object({
      /** the table to read; or `query` */
      table: z.string().trim().refine((value) => value === "" || parseTableName(value) !== undefined, "write the table as name or schema.name").optional(),
      /** instead of a table: a SELECT whose placeholder is the time to read changes from (NULL on the first run) */
      query: z.string().trim().optional(),
      /** the column every insert and update sets to the time of the change */
      updatedAtColumn: z.string({ error: "choose the column that holds when a row changed" }).trim().min(1, "choose the column that holds when a row changed"),
      /** what identifies a row; none: the table's primary key (one column) */
      idColumn: z.string().trim().min(1).optional(),
      /** asked again before the newest change seen, for rows whose transaction committed late */
      overlapSeconds: z.number().int().min(0, "must be 0 or more").max(3_600, "must be at most 3600").default(10),
      /** most rows one run reads (the next run goes on from there) */
      batchSize: z.number().int().min(1, "must be at least 1").max(50_000, "must be at most 50000").default(5_000),
    })
    .superRefine((config, ctx) => {
      const table = config.table !== undefined && config.table !== "";
      const query = config.query !== undefined && config.query !== "";
      if (!table && !query) ctx.addIssue({ code: "custom", path: ["table"], message: "choose the table to read (or write a query)" });
      if (table && query) ctx.addIssue({ code: "custom", path: ["query"], message: "read a table or run a query, not both: empty one of them" });
      if (query && !placeholder.pattern.test(config.query ?? "")) ctx.addIssue({ code: "custom", path: ["query"], message: `use ${placeholder.example}` });
      if (query && !config.idColumn) ctx.addIssue({ code: "custom", path: ["idColumn"], message: "name the column of the query's rows that identifies a row" });
    });
}
export type RowsConfig = z.infer<ReturnType<typeof rowsConfigOf>>;
