import type { SqlForms } from "../sql/fields";

export const postgresForms: SqlForms = {
  docs: "components/postgres",
  placeholders: "$1, $2, …",
  queryExample: "SELECT * FROM customers WHERE email = $1",
  changedSinceExample: "SELECT c.*, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.updated_at >= $1 OR $1 IS NULL",
  changedSinceWhere: "whose $1 is",
};
