import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { CatalogClient, charColumnsOf } from "./catalog-client";

/** Discrete connection settings: with a connectionString, adapter-pg's shadow database would silently be the main one. */
export function connectionConfigOf(databaseUrl: string): pg.ClientConfig {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
  };
}

function asDriverAdapterError(error: unknown): DriverAdapterError {
  const e = error as pg.DatabaseError;
  return new DriverAdapterError({
    kind: "postgres",
    code: e.code ?? "",
    severity: e.severity ?? "ERROR",
    message: e.message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  });
}

/** Gives the engine PostgreSQL's `"char"` columns as characters (see CatalogClient). */
function withCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumnsOf(result.rows)) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

async function connect(config: pg.ClientConfig, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ ...config, Client: CatalogClient, max: 4 });
  const adapter = withCharColumns(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => withCharColumns(await startTransaction(isolationLevel));
  // adapter-pg splits scripts on ";" (breaks $$ bodies, not atomic): send the script as one query
  adapter.executeScript = async (script: string) => {
    await pool.query(script).catch((error: unknown) => {
      throw asDriverAdapterError(error);
    });
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await onDispose?.();
  };
  return adapter;
}

async function runAsAdmin(config: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The driver adapter factory the WASM schema engine talks through. The shadow database (needed to
 * replay migrations; requires CREATEDB) is dropped only after its pool is closed.
 */
export function createMigrationAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const config = connectionConfigOf(databaseUrl);
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(config),
    connectToShadowDb: async () => {
      const shadow = `prisma_migrate_shadow_db_${randomUUID()}`;
      await runAsAdmin(config, `CREATE DATABASE "${shadow}"`);
      // its pool is closed first, so a plain DROP is enough (FORCE would also try to end an
      // autovacuum worker there, which a role without pg_signal_backend may not)
      return connect({ ...config, database: shadow }, () => runAsAdmin(config, `DROP DATABASE IF EXISTS "${shadow}"`));
    },
  };
}
