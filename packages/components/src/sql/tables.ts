/** A table as the table field holds it: "orders", or "sales.orders" (PostgreSQL's schema, MySQL's database). */
export interface TableName {
  /** null: where the connection looks by default (PostgreSQL's search path, MySQL's database) */
  schema: string | null;
  name: string;
}

/** "orders" or "sales.orders", as the table field holds it (the list offers them in this form). */
export function parseTableName(value: string): TableName | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const dot = trimmed.indexOf(".");
  if (dot === -1) return { schema: null, name: trimmed };
  const schema = trimmed.slice(0, dot);
  const name = trimmed.slice(dot + 1);
  return schema === "" || name === "" ? undefined : { schema, name };
}

export const tableLabel = (table: TableName) => (table.schema === null ? table.name : `${table.schema}.${table.name}`);

export interface TableColumns {
  /** the resolved table, schema (or database) included */
  table: { schema: string; name: string };
  /** column name → its type (e.g. "jsonb", "integer", "json", "varchar(80)") */
  columns: Map<string, string>;
  primaryKey: string[];
}
