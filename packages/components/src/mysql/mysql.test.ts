// The MySQL/MariaDB component against a real MariaDB server (Debian's mariadb-server, started
// here in a directory of its own): upsert inserts, then updates (one row per key, the stored row
// emitted); query binds its ? parameters; the designer's lists come from the database; verify
// tells a good connection string from a wrong password, a database the user may not use and a
// closed port; failures the server produces for real are classified (a user without INSERT: not
// retried; the server killed: retried, and the step goes on when it is back). The trigger emits
// every change of a row once over runs with concurrent writes and late commits.
import { AuthenticationError, credentialDefinitionOf, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureEgress } from "../http/agent";
import { egressPolicyFromEnv } from "../http/egress";
import { runPoll, runStep } from "../testing";
import { closeMysqlPools } from "./connection";
import { mysqlComponent } from "./mysql";
import { newOrUpdatedRows } from "./new-or-updated-rows";
import { mysqlOptions } from "./options";
import { query } from "./query";
import { type MariadbServer, startMariadb } from "./test-server";
import { upsert } from "./upsert";

let server: MariadbServer;
let credential: StepCredential;
let db: mysql.Connection;

beforeAll(async () => {
  server = await startMariadb();
  credential = { authKind: "custom", fields: { connectionString: server.url } };
  await connectDb();
  await db.query(`
    CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, name VARCHAR(200), tags JSON, signed_up DATETIME(3), updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3));
    CREATE TABLE \`order lines\` (order_no VARCHAR(20), line INT, qty INT NOT NULL, PRIMARY KEY (order_no, line));
    CREATE TABLE events (at TIMESTAMP(3) NULL, what TEXT);
    CREATE VIEW recent AS SELECT * FROM events;
  `);
}, 120_000);

afterAll(async () => {
  await closeMysqlPools();
  await db?.end();
  await server?.stop();
});

/** the test's own connection (again after the server was killed) */
async function connectDb() {
  await db?.end().catch(() => {});
  db = await mysql.createConnection({ uri: server.url, timezone: "Z", multipleStatements: true });
  await db.query("SET time_zone = '+00:00'");
}

const rows = async (sql: string) => (await db.query(sql))[0];

describe("upsert", () => {
  it("inserts a new key, updates an existing one, and emits the row as stored", async () => {
    const first = await runStep(upsert, { config: { table: "customers", keyColumn: "email" }, body: { email: "ada@example.com", name: "Ada", tags: ["vip"], signed_up: "2026-12-01T09:30:00.250Z" }, credential });
    expect(first.emittedMessages[0]?.headers).toEqual({ "mysql.operation": "insert", "mysql.table": "shop.customers" });
    const inserted = first.emitted[0] as Record<string, unknown>;
    expect(inserted).toMatchObject({ email: "ada@example.com", name: "Ada", tags: ["vip"] });
    // an ISO time with Z is the instant it names (the session is in UTC)
    expect((inserted.signed_up as Date).toISOString()).toBe("2026-12-01T09:30:00.250Z");
    expect(typeof inserted.id).toBe("number");
    expect(inserted.updated_at).toBeInstanceOf(Date);

    const second = await runStep(upsert, { config: { table: "customers", keyColumn: "email" }, body: { email: "ada@example.com", name: "Ada Lovelace" }, credential });
    expect(second.emittedMessages[0]?.headers?.["mysql.operation"]).toBe("update");
    expect(second.emitted[0]).toMatchObject({ id: inserted.id, name: "Ada Lovelace", tags: ["vip"] });
    expect(await rows("SELECT email, name FROM customers")).toEqual([{ email: "ada@example.com", name: "Ada Lovelace" }]);
  });

  it("matches on the primary key by default, also a composite one, in a table with a space in its name", async () => {
    const config = { table: "order lines" };
    await runStep(upsert, { config, body: { order_no: "A-1", line: 1, qty: 2 }, credential });
    await runStep(upsert, { config, body: { order_no: "A-1", line: 2, qty: 1 }, credential });
    const updated = await runStep(upsert, { config, body: { order_no: "A-1", line: 1, qty: 5 }, credential });
    expect(updated.emitted).toEqual([{ order_no: "A-1", line: 1, qty: 5 }]);
    expect(await rows("SELECT line, qty FROM `order lines` ORDER BY line")).toEqual([
      { line: 1, qty: 5 },
      { line: 2, qty: 1 },
    ]);
  });

  it("refuses, naming what to fix: unknown columns, a missing key value, no key at all, a key without a unique index, no such table", async () => {
    const refusal = (config: Record<string, unknown>, body: unknown) => runStep(upsert, { config, body, credential }).then(() => null, (error: Error) => error);

    const unknown = await refusal({ table: "customers", keyColumn: "email" }, { email: "x@example.com", nmae: "X" });
    expect(unknown).toBeInstanceOf(StepError);
    expect(unknown?.message).toBe(`"nmae" is not a column of customers (its columns: id, email, name, tags, signed_up, updated_at)`);
    expect((await refusal({ table: "customers", keyColumn: "email" }, { name: "no email" }))?.message).toMatch(/no value for "email", which identifies the row/);
    expect((await refusal({ table: "events" }, { what: "x" }))?.message).toBe("events has no primary key: choose the column to match rows on (Match rows on)");
    // ON DUPLICATE KEY would insert a second row for a key without a unique index: refused before writing
    expect((await refusal({ table: "customers", keyColumn: "name" }, { name: "x", email: "y@example.com" }))?.message).toMatch(/"name" of customers has no unique index of its own/);
    expect((await refusal({ table: "nope" }, { a: 1 }))?.message).toBe("the database has no table nope the credential's user can see");
    expect((await refusal({ table: "customers" }, [1, 2]))?.message).toMatch(/must be an object with one field per column/);
    // the database refusing a value: MariaDB's words and code, not retried
    const notNull = await refusal({ table: "order lines" }, { order_no: "B", line: 1, qty: null });
    expect(notNull).toBeInstanceOf(StepError);
    expect(notNull).not.toBeInstanceOf(RetryableError);
    expect(notNull?.message).toMatch(/writing to order lines: Column 'qty' cannot be null/);
    expect((notNull as StepError).details).toMatchObject({ code: "ER_BAD_NULL_ERROR", errno: 1048 });
    expect(await rows("SELECT count(*) AS n FROM customers WHERE email = 'y@example.com'")).toEqual([{ n: 0 }]);
  });

  it("a user without INSERT is refused for good (permission denied, not retried); a wrong password is an authentication error", async () => {
    const admin = await mysql.createConnection(server.rootUrl);
    await admin.query("CREATE USER 'reader'@'%' IDENTIFIED BY 'reader-secret'");
    await admin.query("GRANT SELECT ON shop.* TO 'reader'@'%'");
    await admin.end();
    const reader = { authKind: "custom", fields: { connectionString: server.url.replace("interflow:interflow-secret", "reader:reader-secret") } };
    const denied = await runStep(upsert, { config: { table: "customers", keyColumn: "email" }, body: { email: "r@example.com" }, credential: reader }).catch((e: Error) => e);
    expect(denied).toBeInstanceOf(StepError);
    expect(denied).not.toBeInstanceOf(RetryableError);
    expect((denied as Error).message).toMatch(/writing to customers: INSERT, UPDATE command denied to user 'reader'/);

    await expect(runStep(upsert, { config: { table: "customers" }, body: { email: "a" } })).rejects.toThrow(/has no MySQL credential/);
    const wrong = server.url.replace("interflow-secret", "not-the-password");
    const error = await runStep(upsert, { config: { table: "customers" }, body: { email: "a" }, credential: { authKind: "custom", fields: { connectionString: wrong } } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/refused the user: Access denied for user 'interflow'/);
    expect((error as Error).message).not.toContain("not-the-password");
  });
});

describe("query", () => {
  it("binds the message's parameters (a list for IN) and emits all rows or one message per row", async () => {
    await db.query(`INSERT IGNORE INTO customers (email, name) VALUES ('bob@example.com', 'Bob'), ('eve@example.com', 'Eve')`);
    const sql = "SELECT email, name FROM customers WHERE email IN (?) ORDER BY email";
    const all = await runStep(query, { config: { sql }, body: { parameters: [["bob@example.com", "eve@example.com", "'); DROP TABLE customers; --"]] }, credential });
    expect(all.emitted).toEqual([{ rows: [{ email: "bob@example.com", name: "Bob" }, { email: "eve@example.com", name: "Eve" }], rowCount: 2, command: "SELECT" }]);
    const each = await runStep(query, { config: { sql, emit: "each" }, body: { parameters: [["eve@example.com"]] }, credential });
    expect(each.emitted).toEqual([{ email: "eve@example.com", name: "Eve" }]);
    const none = await runStep(query, { config: { sql, emit: "each" }, body: { parameters: [["nobody@example.com"]] }, credential });
    expect(none.emitted).toEqual([]);
    const insert = await runStep(query, { config: { sql: "INSERT INTO events (what) VALUES (?)" }, body: { parameters: ["hello"] }, credential });
    expect(insert.emitted).toEqual([{ rows: [], rowCount: 1, command: "INSERT" }]);
    expect(await rows("SELECT what FROM events")).toEqual([{ what: "hello" }]);
  });

  it("fails with the server's words for a wrong statement, runs one statement only, and asks for a list of parameters", async () => {
    await expect(runStep(query, { config: { sql: "SELECT nope FROM customers" }, body: {}, credential })).rejects.toThrow(/the statement failed: Unknown column 'nope' in '(field list|SELECT)'/);
    await expect(runStep(query, { config: { sql: "SELECT 1; DROP TABLE events" }, body: {}, credential })).rejects.toThrow(/You have an error in your SQL syntax/);
    expect(await rows("SELECT count(*) AS n FROM events")).toEqual([{ n: 1 }]);
    await expect(runStep(query, { config: { sql: "SELECT ?" }, body: { parameters: "x" }, credential })).rejects.toThrow(/parameters must be a list/);
  });

  it("the server killed: retried (RetryableError), and the step goes on once it is back", async () => {
    server.kill();
    let lost: unknown;
    try {
      lost = await runStep(query, { config: { sql: "SELECT 1 AS one" }, body: {}, credential }).catch((e: Error) => e);
    } finally {
      await server.restart();
      await connectDb();
    }
    expect(lost).toBeInstanceOf(RetryableError);
    expect((lost as Error).message).toMatch(/the statement failed: 127\.0\.0\.1:\d+\/shop (closed the connection|refused the connection)/);
    const back = await runStep(query, { config: { sql: "SELECT 1 AS one" }, body: {}, credential });
    expect(back.emitted).toEqual([{ rows: [{ one: 1 }], rowCount: 1, command: "SELECT" }]);
  }, 90_000);
});

describe("design-time lists and verify", () => {
  const options = (name: keyof typeof mysqlOptions, config: Record<string, unknown>, p: { credential?: StepCredential } = { credential }) =>
    mysqlOptions[name]({ config, credential: p.credential, signal: new AbortController().signal, logger: { info() {}, warn() {}, error() {} } });

  it("lists the tables, the views when reading, and a table's columns with their keys", async () => {
    expect(await options("tables", {})).toEqual([
      { value: "customers", label: "customers" },
      { value: "events", label: "events" },
      { value: "order lines", label: "order lines" },
    ]);
    expect((await options("tablesAndViews", {})).map((o) => o.label)).toContain("recent (view)");
    expect(await options("columns", { table: "customers" })).toEqual([
      { value: "id", label: "id (int(11), primary key)" },
      { value: "email", label: "email (varchar(200), unique)" },
      { value: "name", label: "name (varchar(200))" },
      { value: "tags", label: "tags (longtext)" },
      { value: "signed_up", label: "signed_up (datetime(3))" },
      { value: "updated_at", label: "updated_at (timestamp(3))" },
    ]);
  });

  it("says what is missing instead of a list", async () => {
    await expect(options("tables", {}, {})).rejects.toThrow("choose the step's credential first: the list comes from its database");
    await expect(options("columns", {})).rejects.toThrow("choose the table first");
    await expect(options("columns", { table: "nope" })).rejects.toThrow("the database has no table nope");
  });

  const verify = (connectionString: string) =>
    credentialDefinitionOf(mysqlComponent, "custom")?.verify?.({ fields: { connectionString }, signal: new AbortController().signal, fetch });

  it("verifies a good connection string and names the field for a wrong password, a database the user may not use, a closed port, a non-URL", async () => {
    expect(await verify(server.url)).toEqual({ verified: true });
    expect(await verify(server.url.replace("mysql://", "mariadb://"))).toEqual({ verified: true });
    const refused = await verify(server.url.replace("interflow-secret", "s3cret-wrong"));
    expect(refused).toMatchObject({ verified: false, field: "connectionString", message: expect.stringMatching(/refused the user: Access denied for user 'interflow'/) });
    const elsewhere = await verify(server.url.replace("/shop", "/mysql"));
    expect(elsewhere).toMatchObject({ verified: false, field: "connectionString", message: expect.stringMatching(/refused the user: Access denied for user 'interflow'@'%' to database 'mysql'/) });
    expect(await verify(server.url.replace(`:${server.port}/`, ":1/"))).toEqual({ verified: false, field: "connectionString", message: "127.0.0.1:1/shop refused the connection: is MySQL/MariaDB running there?" });
    expect(await verify("host=db user=x")).toEqual({ verified: false, field: "connectionString", message: "is not a URL: write it as mysql://user:password@db.example.com:3306/shop" });
    expect(await verify("postgres://a:b@db/x")).toMatchObject({ verified: false, message: 'starts with "postgres://": write it as mysql://user:password@db.example.com:3306/shop' });
    expect(await verify("mysql://a:b@db.example.com")).toMatchObject({ verified: false, message: "names no database: write it as mysql://user:password@db.example.com:3306/shop" });
    for (const answer of [refused, elsewhere]) {
      expect(JSON.stringify(answer)).not.toContain("s3cret-wrong");
      expect(JSON.stringify(answer)).not.toContain("interflow-secret");
    }
  });
});

describe("new-or-updated-rows (polling trigger)", () => {
  /** One poll run as the runner makes it: the snapshot in (as JSON, as the runner keeps it), the emitted rows and the next snapshot out. */
  async function pollOnce(config: Record<string, unknown>, snapshot: unknown) {
    const run = await runPoll(newOrUpdatedRows, { config, snapshot, credential });
    return { emitted: run.emitted as Array<Record<string, unknown>>, snapshot: run.snapshot === undefined ? undefined : JSON.parse(JSON.stringify(run.snapshot)) };
  }
  const keyOf = (row: Record<string, unknown>) => `${row.id}@${(row.updated_at as Date).toISOString()}`;

  it("over 20 runs with concurrent writes (and transactions committed late), emits every change of a row exactly once", async () => {
    await db.query("CREATE TABLE contacts (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))");
    const writer = await mysql.createConnection(server.url);
    const late = await mysql.createConnection(server.url);
    const config = { table: "contacts", updatedAtColumn: "updated_at", overlapSeconds: 2 };
    try {
      for (let i = 1; i <= 10; i++) await db.query("INSERT INTO contacts (name) VALUES (?)", [`contact ${i}`]);
      let writing = true;
      let n = 0;
      const writes = (async () => {
        while (writing) {
          n++;
          if (n % 3 === 0) await writer.query("INSERT INTO contacts (name) VALUES (?)", [`new ${n}`]);
          else await writer.query("UPDATE contacts SET name = ? WHERE id = ?", [`edit ${n}`, (n % 10) + 1]);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      // beside them, rows stamped and visible only when their transaction commits 300 ms later
      let lateCommits = 0;
      const lateWrites = (async () => {
        while (writing) {
          await late.query("BEGIN");
          await late.query("INSERT INTO contacts (name) VALUES (?)", [`late ${lateCommits}`]);
          await new Promise((r) => setTimeout(r, 300));
          await late.query("COMMIT");
          lateCommits++;
        }
      })();
      let snapshot: unknown;
      const seen: string[] = [];
      for (let run = 0; run < 20; run++) {
        const result = await pollOnce(config, snapshot);
        seen.push(...result.emitted.map(keyOf));
        snapshot = result.snapshot;
        await new Promise((r) => setTimeout(r, 40));
      }
      writing = false;
      await Promise.all([writes, lateWrites]);
      const last = await pollOnce(config, snapshot);
      seen.push(...last.emitted.map(keyOf));

      expect(n).toBeGreaterThan(20);
      expect(lateCommits).toBeGreaterThan(1);
      expect(seen.length - new Set(seen).size).toBe(0);
      const now = (await rows("SELECT id, updated_at FROM contacts")) as Array<Record<string, unknown>>;
      for (const row of now) expect(seen).toContain(keyOf(row));
      expect(JSON.stringify(last.snapshot).length).toBeLessThan(5 * 1024);
      // nothing changed since: nothing emitted
      expect((await pollOnce(config, last.snapshot)).emitted).toEqual([]);
    } finally {
      await writer.end();
      await late.end();
    }
  }, 60_000);

  it("reads changes through a query of its own (a join, say), each once, and refuses a query it cannot use", async () => {
    await db.query("CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, contact_id INT NOT NULL, text VARCHAR(100) NOT NULL, changed TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))");
    await db.query("INSERT INTO notes (contact_id, text) VALUES (1, 'called'), (2, 'emailed')");
    const config = {
      query: "SELECT n.id AS note_id, n.text, c.name, n.changed FROM notes n JOIN contacts c ON c.id = n.contact_id WHERE n.changed >= ? OR ? IS NULL;",
      updatedAtColumn: "changed",
      idColumn: "note_id",
      overlapSeconds: 5,
    };
    const first = await pollOnce(config, undefined);
    expect(first.emitted.map((row) => [row.note_id, row.text])).toEqual([
      [1, "called"],
      [2, "emailed"],
    ]);
    await new Promise((r) => setTimeout(r, 5));
    await db.query("UPDATE notes SET text = 'called back' WHERE id = 1");
    const second = await pollOnce(config, first.snapshot);
    expect(second.emitted.map((row) => [row.note_id, row.text])).toEqual([[1, "called back"]]);
    expect((await pollOnce(config, second.snapshot)).emitted).toEqual([]);

    const problems = (c: Record<string, unknown>) => newOrUpdatedRows.config.safeParse(c).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(problems({ updatedAtColumn: "changed" })).toEqual(["table: choose the table to read (or write a query)"]);
    expect(problems({ query: "SELECT * FROM notes", updatedAtColumn: "changed", idColumn: "id" })).toEqual([
      "query: use ? where the time to read changes from goes (each ? gets it), e.g. WHERE updated_at >= ? OR ? IS NULL",
    ]);
    await expect(pollOnce({ ...config, idColumn: "id" }, undefined)).rejects.toThrow('idColumn: the rows of the query have no column "id"');
  });

  it("names what is wrong: a missing column, a table without a primary key and no id column", async () => {
    await expect(pollOnce({ table: "contacts", updatedAtColumn: "changed" }, undefined)).rejects.toThrow(`updatedAtColumn: contacts has no column "changed"`);
    await expect(pollOnce({ table: "events", updatedAtColumn: "at" }, undefined)).rejects.toThrow("idColumn: events has no primary key: choose the column that identifies a row");
  });
});

describe("network rules", () => {
  it("a MySQL step and its Verify obey the installation's rules: loopback is refused unless allowed, the platform's own ports always", async () => {
    const select = () => runStep(query, { config: { sql: "SELECT 1 AS one" }, body: {}, credential });
    const verify = () => credentialDefinitionOf(mysqlComponent, "custom")?.verify?.({ fields: { connectionString: server.url }, signal: new AbortController().signal, fetch });
    try {
      await closeMysqlPools();
      await configureEgress(egressPolicyFromEnv({}));
      const refused = await select().catch((e: Error) => e);
      expect(refused).toBeInstanceOf(StepError);
      expect(refused).not.toBeInstanceOf(RetryableError);
      expect((refused as Error).message).toContain(`127.0.0.1:${server.port}/shop refused: 127.0.0.1 is loopback: steps may not connect there`);
      expect(await verify()).toMatchObject({ verified: false, field: "connectionString", message: expect.stringContaining("127.0.0.1 is loopback") });
      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_PLATFORM_PORTS: String(server.port) }));
      expect(((await select().catch((e: Error) => e)) as Error).message).toContain(`127.0.0.1:${server.port} is one of the platform's own services: steps may not reach it`);
      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8" }));
      expect((await select()).emitted).toEqual([{ rows: [{ one: 1 }], rowCount: 1, command: "SELECT" }]);
    } finally {
      await closeMysqlPools();
      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8,::1" }));
    }
  });
});
