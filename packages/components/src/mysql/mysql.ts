import { defineComponent } from "@interflow/sdk";
import { mysqlCredentials } from "./credential";
import { newOrUpdatedRows } from "./new-or-updated-rows";
import { mysqlOptions } from "./options";
import { query } from "./query";
import { upsert } from "./upsert";

export const mysqlComponent = defineComponent({
  name: "mysql",
  title: "MySQL / MariaDB",
  description: "Writes rows to and reads rows from a MySQL or MariaDB database, and picks up rows as they change.",
  icon: "database",
  help: { description: "Insert or update rows from messages, or run SQL with the message's values, in any MySQL or MariaDB database the worker can reach.", link: "components/mysql" },
  functions: { "new-or-updated-rows": newOrUpdatedRows, upsert, query },
  options: mysqlOptions,
  credentials: mysqlCredentials,
});
