import { randomBytes } from "node:crypto";
import { once } from "node:events";
import net from "node:net";
import pg from "pg";

/**
 * A database of its own on the platform's PostgreSQL server, standing for a customer's database
 * that a flow writes to: created for one spec, dropped after it. Steps may not reach the platform's
 * own PostgreSQL (its port is among INTERFLOW_PLATFORM_PORTS), so the customer's server is reached
 * through a relay on a port of its own, as another server on this machine would be.
 */
export class TargetDatabase {
  private constructor(
    readonly url: string,
    private readonly adminUrl: string,
    private readonly name: string,
    private readonly relay: net.Server,
    private readonly sockets: Set<net.Socket>,
  ) {}

  static async create(serverUrl: string): Promise<TargetDatabase> {
    const name = `interflow_e2e_target_${randomBytes(5).toString("hex")}`;
    await TargetDatabase.run(serverUrl, `CREATE DATABASE "${name}"`);
    const server = new URL(serverUrl);
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(server.port || 5432), server.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
      }
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    relay.listen(0, "127.0.0.1");
    await once(relay, "listening");
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    url.port = String((relay.address() as net.AddressInfo).port);
    return new TargetDatabase(url.toString(), serverUrl, name, relay, sockets);
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
    for (const socket of this.sockets) socket.destroy();
    this.relay.close();
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
