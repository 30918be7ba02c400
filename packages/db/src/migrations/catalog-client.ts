import pg from "pg";

/** PostgreSQL's internal one-byte `"char"` type (pg_constraint.contype and friends), which the schema engine reads. */
const CHAR_OID = 18;
const TEXT_OID = 25;

/** Rows of results that had `"char"` columns → the indexes of those columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

/** The `"char"` columns of a result whose rows the adapter passed through unchanged. */
export function charColumnsOf(rows: object): number[] {
  return charColumnsByRows.get(rows) ?? [];
}

function markCharColumns<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    const fields = (one as pg.QueryResult | undefined)?.fields ?? [];
    const charColumns = fields.flatMap((field, i) => (field.dataTypeID === CHAR_OID ? [i] : []));
    if (charColumns.length === 0) continue;
    for (const i of charColumns) (fields[i] as pg.FieldDef).dataTypeID = TEXT_OID;
    charColumnsByRows.set((one as pg.QueryResult).rows, charColumns);
  }
  return result;
}

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * A pg client for the schema engine's adapter. @prisma/adapter-pg 7.10.1 refuses PostgreSQL's
 * `"char"` type; this client reports those columns as text and remembers them, so the adapter
 * wrapper (migration-adapter.ts) can hand them to the engine as the characters it expects.
 */
export class CatalogClient extends pg.Client {
  override query(...args: unknown[]): any {
    const query = super.query as unknown as AnyQuery;
    const callback = typeof args.at(-1) === "function" ? (args.pop() as (error: Error | null, result: unknown) => void) : undefined;
    if (callback) {
      return query.call(this, ...args, (error: Error | null, result: unknown) => callback(error, error ? result : markCharColumns(result)));
    }
    const pending = query.apply(this, args);
    return pending instanceof Promise ? pending.then(markCharColumns) : pending;
  }
}
