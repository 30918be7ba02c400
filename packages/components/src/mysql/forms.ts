import type { SqlForms } from "../sql/fields";

export const mysqlForms: SqlForms = {
  docs: "components/mysql",
  placeholders: "each ?",
  queryExample: "SELECT * FROM customers WHERE email = ?",
  changedSinceExample: "SELECT c.*, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.updated_at >= ? OR ? IS NULL",
  changedSinceWhere: "whose ? placeholders are",
  keyNote: "MySQL matches on every unique key of the table: a row that has another unique value of the message is updated too.",
};
