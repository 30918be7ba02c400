import { sqlOptions } from "../sql/options";
import { connectionStringOf, describeMysqlError, serverOf, withConnection } from "./connection";
import { listTables, readTableColumns } from "./tables";

export const mysqlOptions = sqlOptions({ connectionStringOf, withConnection, describeError: describeMysqlError, serverOf, listTables, readTableColumns });
