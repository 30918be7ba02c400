import { StepError } from "@interflow/sdk";
import { type TableColumns, type TableName, tableLabel } from "./tables";

/** How long a step trusts what it read of a table (a column added meanwhile is seen after this). */
const TABLE_CACHE_MS = 30_000;
const cache = new WeakMap<object, Map<string, { at: number; columns: TableColumns }>>();

/**
 * A table's columns and primary key, read once per connection pool (`pool`, the cache's key) and
 * table every 30 s, not per message. `read` answers undefined when the database has no such table.
 */
export async function tableColumnsOf(pool: object, table: TableName, read: () => Promise<TableColumns | undefined>): Promise<TableColumns> {
  let byTable = cache.get(pool);
  if (!byTable) {
    byTable = new Map();
    cache.set(pool, byTable);
  }
  const key = `${table.schema ?? ""}\u0000${table.name}`;
  const cached = byTable.get(key);
  if (cached && Date.now() - cached.at < TABLE_CACHE_MS) return cached.columns;
  const columns = await read();
  if (!columns) throw new StepError(`the database has no table ${tableLabel(table)} the credential's user can see`);
  byTable.set(key, { at: Date.now(), columns });
  return columns;
}
