import { defineComponent } from "@interflow/sdk";
import { postgresCredentials } from "./credential";
import { postgresOptions } from "./options";
import { newOrUpdatedRows } from "./new-or-updated-rows";
import { query } from "./query";
import { upsert } from "./upsert";

export const postgresComponent = defineComponent({
  name: "postgres",
  title: "PostgreSQL",
  description: "Writes rows to and reads rows from a PostgreSQL database, and picks up rows as they change.",
  icon: "database",
  help: { description: "Insert or update rows from messages, or run SQL with the message's values, in any PostgreSQL database the worker can reach.", link: "components/postgres" },
  functions: { "new-or-updated-rows": newOrUpdatedRows, upsert, query },
  options: postgresOptions,
  credentials: postgresCredentials,
});
