import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A database of its own on the platform's PostgreSQL server, standing for a customer's database
 * that a flow writes to: created for one spec, dropped after it.
 */
export class TargetDatabase {
  private constructor(
    readonly url: string,
    private readonly adminUrl: string,
    private readonly name: string,
  ) {}

  static async create(serverUrl: string): Promise<TargetDatabase> {
    const name = `interflow_e2e_target_${randomBytes(5).toString("hex")}`;
    await TargetDatabase.run(serverUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new TargetDatabase(url.toString(), serverUrl, name);
  }

  /** Runs SQL on the target database; its rows. */
  async query<T extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await TargetDatabase.run(this.adminUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${this.name}' AND usename = current_user AND pid <> pg_backend_pid()`);
    await TargetDatabase.run(this.adminUrl, `DROP DATABASE IF EXISTS "${this.name}"`);
  }

  private static async run(url: string, sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
