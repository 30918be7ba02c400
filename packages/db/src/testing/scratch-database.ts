import { randomBytes } from "node:crypto";
import pg from "pg";

/** An empty database of its own on the test server, for tests that need one (migrations, drift). */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `interflow_scratch_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  // Not `WITH (FORCE)`: that also tries to end an autovacuum worker that happens to be in the new
  // database, which a role without pg_signal_backend may not do (a rare CI failure). Ending our own
  // connections is enough: a plain DROP DATABASE makes autovacuum leave by itself.
  const drop = async () => {
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND usename = current_user AND pid <> pg_backend_pid()`);
    await admin(`DROP DATABASE IF EXISTS "${name}"`);
  };
  return { url: url.toString(), drop };
}
