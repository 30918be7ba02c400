import { StepError } from "@interflow/sdk";
import type pg from "pg";
import { readTableColumns, type TableColumns, type TableName, tableLabel } from "./tables";

/** How long a step trusts what it read of a table (a column added meanwhile is seen after this). */
const TABLE_CACHE_MS = 30_000;
const cache = new WeakMap<pg.Pool, Map<string, { at: number; columns: TableColumns }>>();

/** A table's columns and primary key, read once per pool and table every 30 s, not per message. */
export async function tableColumnsOf(pool: pg.Pool, table: TableName): Promise<TableColumns> {
  let byTable = cache.get(pool);
  if (!byTable) {
    byTable = new Map();
    cache.set(pool, byTable);
  }
  const key = `${table.schema ?? ""}\u0000${table.name}`;
  const cached = byTable.get(key);
  if (cached && Date.now() - cached.at < TABLE_CACHE_MS) return cached.columns;
  const client = await pool.connect();
  try {
    const columns = await readTableColumns(client, table);
    if (!columns) throw new StepError(`the database has no table ${tableLabel(table)} the credential's user can see`);
    byTable.set(key, { at: Date.now(), columns });
    return columns;
  } finally {
    client.release();
  }
}
