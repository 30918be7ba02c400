import { type FieldOption, type OptionsContext, type OptionsFunction, type StepCredential, StepError } from "@interflow/sdk";
import { parseTableName, type TableColumns, type TableName, tableLabel } from "./tables";

/** What a database component gives for the lists of its forms: a short connection, and how to read its catalog on it. */
export interface SqlCatalog<Connection> {
  connectionStringOf(credential: StepCredential | undefined): string;
  withConnection<T>(connectionString: string, signal: AbortSignal, use: (connection: Connection) => Promise<T>): Promise<T>;
  describeError(error: unknown, server: string): { message: string };
  serverOf(connectionString: string): string;
  listTables(connection: Connection, p: { views: boolean }): Promise<FieldOption[]>;
  /** a table's columns and keys (and the columns with a unique index of their own, when the database tells); undefined: no such table */
  readTableColumns(connection: Connection, table: TableName): Promise<(TableColumns & { uniqueColumns?: string[] }) | undefined>;
}

/** The dynamic selects' lists of a database component: its tables, its tables and views, a table's columns. */
export function sqlOptions<Connection>(db: SqlCatalog<Connection>): Record<"tables" | "tablesAndViews" | "columns", OptionsFunction> {
  /** Runs a design-time lookup over the step's credential; a failure says what is wrong in words. */
  const lookUp = async <T>(ctx: OptionsContext, use: (connection: Connection) => Promise<T>): Promise<T> => {
    if (!ctx.credential) throw new StepError("choose the step's credential first: the list comes from its database");
    const connectionString = db.connectionStringOf(ctx.credential);
    try {
      return await db.withConnection(connectionString, ctx.signal, use);
    } catch (error) {
      if (error instanceof StepError) throw error;
      throw new StepError(db.describeError(error, db.serverOf(connectionString)).message);
    }
  };
  return {
    /** the tables the credential's user can see, for a table to write to */
    tables: (ctx) => lookUp(ctx, (connection) => db.listTables(connection, { views: false })),
    /** the tables and views, for a table to read from */
    tablesAndViews: (ctx) => lookUp(ctx, (connection) => db.listTables(connection, { views: true })),
    /** the columns of the table the form names (its `table` field) */
    columns: (ctx) =>
      lookUp(ctx, async (connection) => {
        const table = typeof ctx.config.table === "string" ? parseTableName(ctx.config.table) : undefined;
        if (!table) throw new StepError("choose the table first: the list shows its columns");
        const found = await db.readTableColumns(connection, table);
        if (!found) throw new StepError(`the database has no table ${tableLabel(table)} the credential's user can see`);
        return [...found.columns].map(([name, type]) => {
          const key = found.primaryKey.includes(name) ? ", primary key" : found.uniqueColumns?.includes(name) ? ", unique" : "";
          return { value: name, label: `${name} (${type}${key})` };
        });
      }),
  };
}
