import type pg from "pg";
import { type OptionsContext, type OptionsFunction, StepError } from "@interflow/sdk";
import { connectionStringOf, describePgError, serverOf, withConnection } from "./connection";
import { listTables, parseTableName, readTableColumns, tableLabel } from "./tables";

/** Runs a design-time lookup over the step's credential; a failure says what is wrong in words. */
async function lookUp<T>(ctx: OptionsContext, use: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!ctx.credential) throw new StepError("choose the step's credential first: the list comes from its database");
  const connectionString = connectionStringOf(ctx.credential);
  try {
    return await withConnection(connectionString, ctx.signal, use);
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(describePgError(error, serverOf(connectionString)).message);
  }
}

/** The tables the credential's user can see, for a table to write to. */
const tables: OptionsFunction = (ctx) => lookUp(ctx, (client) => listTables(client, { views: false }));

/** The tables and views, for a table to read from. */
const tablesAndViews: OptionsFunction = (ctx) => lookUp(ctx, (client) => listTables(client, { views: true }));

/** The columns of the table the form names (its `table` field). */
const columns: OptionsFunction = (ctx) =>
  lookUp(ctx, async (client) => {
    const table = typeof ctx.config.table === "string" ? parseTableName(ctx.config.table) : undefined;
    if (!table) throw new StepError("choose the table first: the list shows its columns");
    const found = await readTableColumns(client, table);
    if (!found) throw new StepError(`the database has no table ${tableLabel(table)} the credential's user can see`);
    return [...found.columns].map(([name, type]) => ({ value: name, label: `${name} (${type}${found.primaryKey.includes(name) ? ", primary key" : ""})` }));
  });

export const postgresOptions = { tables, tablesAndViews, columns };
