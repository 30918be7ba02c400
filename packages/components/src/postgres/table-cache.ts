import type pg from "pg";
import { tableColumnsOf as cachedTableColumns } from "../sql/table-cache";
import type { TableColumns, TableName } from "../sql/tables";
import { readTableColumns } from "./tables";

/** A table's columns and primary key, read once per pool and table every 30 s, not per message. */
export function tableColumnsOf(pool: pg.Pool, table: TableName): Promise<TableColumns> {
  return cachedTableColumns(pool, table, async () => {
    const client = await pool.connect();
    try {
      return await readTableColumns(client, table);
    } finally {
      client.release();
    }
  });
}
