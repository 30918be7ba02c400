import type { FieldOption } from "@interflow/sdk";
import type { RowDataPacket } from "mysql2/promise";
import type { TableColumns, TableName } from "../sql/tables";

/** An identifier quoted for MySQL: `` `order ``items``` ``. */
export const quoteIdent = (name: string) => `\`${name.replaceAll("`", "``")}\``;

export const sqlTableName = (table: TableName) => (table.schema === null ? quoteIdent(table.name) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`);

/** what runs a query on a connection or a pool */
interface Queryable {
  query<T extends RowDataPacket[]>(sql: string, values?: unknown[]): Promise<[T, unknown]>;
}

const SYSTEM_SCHEMAS = "('mysql', 'information_schema', 'performance_schema', 'sys')";

// information_schema's columns are aliased: MySQL 8 names them in capitals

/** The tables (and views, when asked) the connection's user can see outside the system databases; the connection's own database first, by bare name. */
export async function listTables(connection: Queryable, p: { views: boolean }): Promise<FieldOption[]> {
  const [rows] = await connection.query<Array<RowDataPacket & { table_schema: string; table_name: string; table_type: string; own: number }>>(
    `SELECT table_schema AS table_schema, table_name AS table_name, table_type AS table_type, table_schema = DATABASE() AS own FROM information_schema.tables
      WHERE table_schema NOT IN ${SYSTEM_SCHEMAS} AND (table_type = 'BASE TABLE' OR (? AND table_type = 'VIEW'))
      ORDER BY own DESC, table_schema, table_name`,
    [p.views],
  );
  return rows.map((row) => {
    const value = row.own ? row.table_name : `${row.table_schema}.${row.table_name}`;
    return { value, label: row.table_type === "VIEW" ? `${value} (view)` : value };
  });
}

/** A table's columns and keys as MySQL knows them: also the columns that identify a row alone (a unique index of one column). */
export interface MysqlTableColumns extends TableColumns {
  uniqueColumns: string[];
}

/** A table's columns, primary key and single-column unique keys; undefined when the connection sees no such table. */
export async function readTableColumns(connection: Queryable, table: TableName): Promise<MysqlTableColumns | undefined> {
  const [columns] = await connection.query<Array<RowDataPacket & { table_schema: string; table_name: string; column_name: string; column_type: string }>>(
    `SELECT table_schema AS table_schema, table_name AS table_name, column_name AS column_name, column_type AS column_type FROM information_schema.columns
      WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position`,
    [table.schema, table.name],
  );
  const first = columns[0];
  if (!first) return undefined;
  const [indexes] = await connection.query<Array<RowDataPacket & { index_name: string; column_name: string }>>(
    `SELECT index_name AS index_name, column_name AS column_name FROM information_schema.statistics
      WHERE table_schema = ? AND table_name = ? AND non_unique = 0 ORDER BY index_name, seq_in_index`,
    [first.table_schema, first.table_name],
  );
  const byIndex = new Map<string, string[]>();
  for (const row of indexes) byIndex.set(row.index_name, [...(byIndex.get(row.index_name) ?? []), row.column_name]);
  return {
    table: { schema: first.table_schema, name: first.table_name },
    columns: new Map(columns.map((row) => [row.column_name, row.column_type])),
    primaryKey: byIndex.get("PRIMARY") ?? [],
    uniqueColumns: [...byIndex.values()].filter((cols) => cols.length === 1).map((cols) => cols[0] as string),
  };
}
