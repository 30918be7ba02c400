import { sqlOptions } from "../sql/options";
import { connectionStringOf, describePgError, serverOf, withConnection } from "./connection";
import { listTables, readTableColumns } from "./tables";

export const postgresOptions = sqlOptions({ connectionStringOf, withConnection, describeError: describePgError, serverOf, listTables, readTableColumns });
