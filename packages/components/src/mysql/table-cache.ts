import type mysql from "mysql2/promise";
import { tableColumnsOf as cachedTableColumns } from "../sql/table-cache";
import type { TableName } from "../sql/tables";
import { type MysqlTableColumns, readTableColumns } from "./tables";

/** A table's columns and keys, read once per pool and table every 30 s, not per message. */
export function tableColumnsOf(pool: mysql.Pool, table: TableName): Promise<MysqlTableColumns> {
  return cachedTableColumns(pool, table, () => readTableColumns(pool, table)) as Promise<MysqlTableColumns>;
}
