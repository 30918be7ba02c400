import type { FieldOption } from "@interflow/sdk";
import type pg from "pg";
import type { TableColumns, TableName } from "../sql/tables";

export { parseTableName, type TableColumns, type TableName, tableLabel } from "../sql/tables";

/** An identifier quoted for SQL: `"order ""items"""`. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const sqlTableName = (table: TableName) => (table.schema === null ? quoteIdent(table.name) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`);

/** The tables (and views, when asked) a connection can see outside the system schemas, as the table field's options. */
export async function listTables(client: pg.ClientBase, p: { views: boolean }): Promise<FieldOption[]> {
  const { rows } = await client.query<{ table_schema: string; table_name: string; table_type: string }>(
    `SELECT table_schema, table_name, table_type FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
        AND (table_type = 'BASE TABLE' OR ($1 AND table_type = 'VIEW'))
      ORDER BY table_schema <> 'public', table_schema, table_name`,
    [p.views],
  );
  return rows.map((row) => {
    const value = row.table_schema === "public" ? row.table_name : `${row.table_schema}.${row.table_name}`;
    return { value, label: row.table_type === "VIEW" ? `${value} (view)` : value };
  });
}

/** A table's columns and primary key; undefined when the connection sees no such table. */
export async function readTableColumns(client: pg.ClientBase, table: TableName): Promise<TableColumns | undefined> {
  // to_regclass resolves an unqualified name through the search path, as the statement will
  const qualified = sqlTableName(table);
  const { rows } = await client.query<{ schema: string; name: string; column_name: string; data_type: string; primary_key: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type,
            COALESCE(a.attnum = ANY(i.indkey), false) AS primary_key
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
      WHERE c.oid = to_regclass($1)
      ORDER BY a.attnum`,
    [qualified],
  );
  const first = rows[0];
  if (!first) return undefined;
  return {
    table: { schema: first.schema, name: first.name },
    columns: new Map(rows.map((row) => [row.column_name, row.data_type])),
    primaryKey: rows.filter((row) => row.primary_key).map((row) => row.column_name),
  };
}
