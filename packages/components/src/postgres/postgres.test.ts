// The postgres component against a real PostgreSQL server: a database of its own per run, a
// table with a primary key, one with a unique business key, one without a key. Upsert inserts,
// then updates (one row per key, the stored row emitted); query binds parameters; the lists of the
// designer's dynamic selects come from the database; verify tells a good connection string from a
// wrong password, a missing database and a host that is not there, never quoting the string.
import { createScratchDatabase } from "@interflow/db/testing/scratch-database";
import { AuthenticationError, credentialDefinitionOf, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPoll, runStep } from "../testing";
import { closePostgresPools } from "./connection";
import { postgresOptions } from "./options";
import { postgresComponent } from "./postgres";
import { newOrUpdatedRows } from "./new-or-updated-rows";
import { query } from "./query";
import { upsert } from "./upsert";

let scratch: { url: string; drop(): Promise<void> };
let credential: StepCredential;
let db: pg.Client;

beforeAll(async () => {
  scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "");
  credential = { authKind: "custom", fields: { connectionString: scratch.url } };
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  await db.query(`
    CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name text, tags jsonb, updated_at timestamptz NOT NULL DEFAULT now());
    CREATE SCHEMA sales;
    CREATE TABLE sales."order lines" (order_no text, line int, qty int NOT NULL, PRIMARY KEY (order_no, line));
    CREATE TABLE events (at timestamptz, what text);
    CREATE VIEW recent AS SELECT * FROM events;
  `);
});

afterAll(async () => {
  await closePostgresPools();
  await db?.end();
  await scratch?.drop();
});

const rows = async (sql: string) => (await db.query(sql)).rows;

describe("upsert", () => {
  it("inserts a new key, updates an existing one, and emits the row as stored", async () => {
    const first = await runStep(upsert, { config: { table: "customers", keyColumn: "email" }, body: { email: "ada@example.com", name: "Ada", tags: ["vip"] }, credential });
    expect(first.emittedMessages[0]?.headers).toEqual({ "postgres.operation": "insert", "postgres.table": "public.customers" });
    const inserted = first.emitted[0] as Record<string, unknown>;
    expect(inserted).toMatchObject({ email: "ada@example.com", name: "Ada", tags: ["vip"] });
    expect(typeof inserted.id).toBe("number");
    expect(inserted.updated_at).toBeDefined();

    const second = await runStep(upsert, { config: { table: "customers", keyColumn: "email" }, body: { email: "ada@example.com", name: "Ada Lovelace" }, credential });
    expect(second.emittedMessages[0]?.headers?.["postgres.operation"]).toBe("update");
    expect(second.emitted[0]).toMatchObject({ id: inserted.id, name: "Ada Lovelace", tags: ["vip"] });
    expect(await rows("SELECT email, name FROM customers")).toEqual([{ email: "ada@example.com", name: "Ada Lovelace" }]);
  });

  it("matches on the primary key by default, also a composite one in another schema with spaces in its name", async () => {
    const config = { table: "sales.order lines" };
    await runStep(upsert, { config, body: { order_no: "A-1", line: 1, qty: 2 }, credential });
    await runStep(upsert, { config, body: { order_no: "A-1", line: 2, qty: 1 }, credential });
    const updated = await runStep(upsert, { config, body: { order_no: "A-1", line: 1, qty: 5 }, credential });
    expect(updated.emitted).toEqual([{ order_no: "A-1", line: 1, qty: 5 }]);
    expect(await rows(`SELECT line, qty FROM sales."order lines" ORDER BY line`)).toEqual([
      { line: 1, qty: 5 },
      { line: 2, qty: 1 },
    ]);
  });

  it("refuses, naming what to fix: unknown columns, a missing key value, no key at all, a key without a unique index, no such table", async () => {
    const refusal = (config: Record<string, unknown>, body: unknown) => runStep(upsert, { config, body, credential }).then(() => null, (error: Error) => error);

    const unknown = await refusal({ table: "customers", keyColumn: "email" }, { email: "x@example.com", nmae: "X" });
    expect(unknown).toBeInstanceOf(StepError);
    expect(unknown?.message).toBe(`"nmae" is not a column of customers (its columns: id, email, name, tags, updated_at)`);

    expect((await refusal({ table: "customers", keyColumn: "email" }, { name: "no email" }))?.message).toMatch(/no value for "email", which identifies the row/);
    expect((await refusal({ table: "events" }, { what: "x" }))?.message).toBe("events has no primary key: choose the column to match rows on (Match rows on)");
    expect((await refusal({ table: "customers", keyColumn: "name" }, { name: "x", email: "y@example.com" }))?.message).toMatch(/"name" of customers has no unique index/);
    expect((await refusal({ table: "nope" }, { a: 1 }))?.message).toBe("the database has no table nope the credential's user can see");
    expect((await refusal({ table: "customers" }, [1, 2]))?.message).toMatch(/must be an object with one field per column/);
    // the database refusing a value: PostgreSQL's words and code, not retried
    const notNull = await refusal({ table: "sales.order lines" }, { order_no: "B", line: 1 });
    expect(notNull).toBeInstanceOf(StepError);
    expect(notNull).not.toBeInstanceOf(RetryableError);
    expect(notNull?.message).toMatch(/writing to sales.order lines: null value in column "qty"/);
    expect((notNull as StepError).details).toMatchObject({ code: "23502", column: "qty" });
    expect(await rows("SELECT count(*)::int AS n FROM events")).toEqual([{ n: 0 }]);
  });

  it("refuses a step without a credential, and treats a wrong password as an authentication error", async () => {
    await expect(runStep(upsert, { config: { table: "customers" }, body: { email: "a" } })).rejects.toThrow(/has no postgres credential/);
    const wrong = new URL(scratch.url);
    wrong.password = "not-the-password";
    const error = await runStep(upsert, { config: { table: "customers" }, body: { email: "a" }, credential: { authKind: "custom", fields: { connectionString: wrong.toString() } } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toContain("not-the-password");
  });
});

describe("config", () => {
  it("says what is missing in the words the form shows at the field", () => {
    expect(upsert.config.safeParse({}).error?.issues[0]).toMatchObject({ path: ["table"], message: "choose the table to write to" });
    expect(upsert.config.safeParse({ table: "  " }).error?.issues[0]?.message).toBe("choose the table to write to");
    expect(upsert.config.safeParse({ table: ".orders" }).error?.issues[0]?.message).toBe("write the table as name or schema.name");
    expect(query.config.safeParse({}).error?.issues[0]).toMatchObject({ path: ["sql"], message: "write the statement to run" });
    expect(query.config.parse({ sql: "SELECT 1" })).toEqual({ sql: "SELECT 1", emit: "all" });
  });
});

describe("query", () => {
  it("binds the message's parameters and emits all rows or one message per row", async () => {
    await db.query(`INSERT INTO customers (email, name) VALUES ('bob@example.com', 'Bob'), ('eve@example.com', 'Eve') ON CONFLICT DO NOTHING`);
    const sql = "SELECT email, name FROM customers WHERE email = ANY($1::text[]) ORDER BY email";
    const all = await runStep(query, { config: { sql }, body: { parameters: [["bob@example.com", "eve@example.com", "'; DROP TABLE customers; --"]] }, credential });
    expect(all.emitted).toEqual([{ rows: [{ email: "bob@example.com", name: "Bob" }, { email: "eve@example.com", name: "Eve" }], rowCount: 2, command: "SELECT" }]);
    const each = await runStep(query, { config: { sql, emit: "each" }, body: { parameters: [["eve@example.com"]] }, credential });
    expect(each.emitted).toEqual([{ email: "eve@example.com", name: "Eve" }]);
    const none = await runStep(query, { config: { sql, emit: "each" }, body: { parameters: [["nobody@example.com"]] }, credential });
    expect(none.emitted).toEqual([]);
    const insert = await runStep(query, { config: { sql: "INSERT INTO events (what) VALUES ($1)" }, body: { parameters: ["hello"] }, credential });
    expect(insert.emitted).toEqual([{ rows: [], rowCount: 1, command: "INSERT" }]);
  });

  it("fails with PostgreSQL's words for a wrong statement, and asks for a list of parameters", async () => {
    await expect(runStep(query, { config: { sql: "SELECT nope FROM customers" }, body: {}, credential })).rejects.toThrow(/the statement failed: column "nope" does not exist/);
    await expect(runStep(query, { config: { sql: "SELECT $1" }, body: { parameters: "x" }, credential })).rejects.toThrow(/parameters must be a list/);
  });
});

describe("design-time lists and verify", () => {
  const options = (name: keyof typeof postgresOptions, config: Record<string, unknown>, p: { credential?: StepCredential } = { credential }) =>
    postgresOptions[name]({ config, credential: p.credential, signal: new AbortController().signal, logger: { info() {}, warn() {}, error() {} } });

  it("lists the tables (public first, unqualified), the views when reading, and a table's columns", async () => {
    expect(await options("tables", {})).toEqual([
      { value: "customers", label: "customers" },
      { value: "events", label: "events" },
      { value: "sales.order lines", label: "sales.order lines" },
    ]);
    expect((await options("tablesAndViews", {})).map((o) => o.label)).toContain("recent (view)");
    expect(await options("columns", { table: "sales.order lines" })).toEqual([
      { value: "order_no", label: "order_no (text, primary key)" },
      { value: "line", label: "line (integer, primary key)" },
      { value: "qty", label: "qty (integer)" },
    ]);
  });

  it("says what is missing instead of a list", async () => {
    await expect(options("tables", {}, {})).rejects.toThrow("choose the step's credential first: the list comes from its database");
    await expect(options("columns", {})).rejects.toThrow("choose the table first");
    await expect(options("columns", { table: "nope" })).rejects.toThrow("the database has no table nope");
  });

  const verify = (connectionString: string) =>
    credentialDefinitionOf(postgresComponent, "custom")?.verify?.({ fields: { connectionString }, signal: new AbortController().signal, fetch });

  it("verifies a good connection string and names the field for a wrong password, a missing database, a closed port, a non-URL", async () => {
    expect(await verify(scratch.url)).toEqual({ verified: true });
    const wrongPassword = new URL(scratch.url);
    wrongPassword.password = "s3cret-wrong";
    const refused = await verify(wrongPassword.toString());
    expect(refused).toMatchObject({ verified: false, field: "connectionString", message: expect.stringMatching(/refused the user: password authentication failed/) });
    const missing = new URL(scratch.url);
    missing.pathname = "/no_such_database";
    expect(await verify(missing.toString())).toMatchObject({ verified: false, field: "connectionString", message: expect.stringMatching(/database "no_such_database" does not exist/) });
    const closed = new URL(scratch.url);
    closed.port = "1";
    expect(await verify(closed.toString())).toMatchObject({ verified: false, field: "connectionString", message: `127.0.0.1:1/${scratch.url.split("/").at(-1)} refused the connection: is PostgreSQL running there?` });
    expect(await verify("host=db user=x")).toEqual({ verified: false, field: "connectionString", message: "is not a URL: write it as postgres://user:password@host:5432/database" });
    const password = decodeURIComponent(new URL(scratch.url).password);
    for (const answer of [refused, await verify(missing.toString())]) {
      expect(JSON.stringify(answer)).not.toContain("s3cret-wrong");
      if (password) expect(JSON.stringify(answer)).not.toContain(password);
    }
  });
});

describe("new-or-updated-rows (polling trigger)", () => {
  /** One poll run as the runner makes it: the snapshot in (as JSON, as the runner keeps it), the emitted rows and the next snapshot out. */
  async function pollOnce(config: Record<string, unknown>, snapshot: unknown) {
    const run = await runPoll(newOrUpdatedRows, { config, snapshot, credential });
    return { emitted: run.emitted as Array<Record<string, unknown>>, snapshot: run.snapshot === undefined ? undefined : JSON.parse(JSON.stringify(run.snapshot)) };
  }

  it("over 20 runs with concurrent writes (and transactions committed late), emits every change of a row exactly once", async () => {
    await db.query("CREATE TABLE contacts (id serial PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())");
    const writer = new pg.Client({ connectionString: scratch.url });
    await writer.connect();
    const late = new pg.Client({ connectionString: scratch.url });
    await late.connect();
    const config = { table: "contacts", updatedAtColumn: "updated_at", overlapSeconds: 2 };
    try {
      await db.query("INSERT INTO contacts (name) SELECT 'contact ' || g FROM generate_series(1, 10) g");
      let writing = true;
      let n = 0;
      const writes = (async () => {
        while (writing) {
          n++;
          if (n % 3 === 0) await writer.query("INSERT INTO contacts (name) VALUES ($1)", [`new ${n}`]);
          else await writer.query("UPDATE contacts SET name = $1, updated_at = clock_timestamp() WHERE id = $2", [`edit ${n}`, (n % 10) + 1]);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      // beside them, transactions stamped at their start and visible only when they commit 300 ms later
      let lateCommits = 0;
      const lateWrites = (async () => {
        while (writing) {
          await late.query("BEGIN");
          await late.query("INSERT INTO contacts (name, updated_at) VALUES ($1, now())", [`late ${lateCommits}`]);
          await new Promise((r) => setTimeout(r, 300));
          await late.query("COMMIT");
          lateCommits++;
        }
      })();
      let snapshot: unknown;
      const seen: string[] = [];
      for (let run = 0; run < 20; run++) {
        const result = await pollOnce(config, snapshot);
        seen.push(...result.emitted.map((row) => `${row.id}@${(row.updated_at as Date).toISOString()}`));
        snapshot = result.snapshot;
        await new Promise((r) => setTimeout(r, 40));
      }
      writing = false;
      await Promise.all([writes, lateWrites]);
      const last = await pollOnce(config, snapshot);
      seen.push(...last.emitted.map((row) => `${row.id}@${(row.updated_at as Date).toISOString()}`));

      expect(n).toBeGreaterThan(20);
      expect(lateCommits).toBeGreaterThan(1);
      expect(seen.length - new Set(seen).size).toBe(0);
      const now = (await rows("SELECT id, updated_at FROM contacts")) as Array<{ id: number; updated_at: Date }>;
      for (const row of now) expect(seen).toContain(`${row.id}@${row.updated_at.toISOString()}`);
      expect(JSON.stringify(last.snapshot).length).toBeLessThan(5 * 1024);
      // nothing changed since: nothing emitted
      expect((await pollOnce(config, last.snapshot)).emitted).toEqual([]);
    } finally {
      await writer.end();
      await late.end();
    }
  });

  it("reads changes through a query of its own (a join, say), each once, and refuses a query it cannot use", async () => {
    await db.query("CREATE TABLE notes (id serial PRIMARY KEY, contact_id int NOT NULL, text text NOT NULL, changed timestamptz NOT NULL DEFAULT clock_timestamp())");
    await db.query("INSERT INTO notes (contact_id, text) VALUES (1, 'called'), (2, 'emailed')");
    const config = {
      query: "SELECT n.id AS note_id, n.text, c.name, n.changed FROM notes n JOIN contacts c ON c.id = n.contact_id WHERE n.changed >= $1 OR $1 IS NULL;",
      updatedAtColumn: "changed",
      idColumn: "note_id",
      overlapSeconds: 5,
    };
    const first = await pollOnce(config, undefined);
    expect(first.emitted.map((row) => [row.note_id, row.text])).toEqual([
      [1, "called"],
      [2, "emailed"],
    ]);
    await db.query("UPDATE notes SET text = 'called back', changed = clock_timestamp() WHERE id = 1");
    const second = await pollOnce(config, first.snapshot);
    expect(second.emitted.map((row) => [row.note_id, row.text])).toEqual([[1, "called back"]]);
    expect((await pollOnce(config, second.snapshot)).emitted).toEqual([]);

    const problems = (c: Record<string, unknown>) => newOrUpdatedRows.config.safeParse(c).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(problems({ updatedAtColumn: "changed" })).toEqual(["table: choose the table to read (or write a query)"]);
    expect(problems({ query: "SELECT * FROM notes", updatedAtColumn: "changed", idColumn: "id" })).toEqual(["query: use $1 where the time to read changes from goes, e.g. WHERE updated_at >= $1 OR $1 IS NULL"]);
    expect(problems({ query: "SELECT * FROM notes WHERE changed >= $1", updatedAtColumn: "changed" })).toEqual(["idColumn: name the column of the query's rows that identifies a row"]);
    await expect(pollOnce({ ...config, idColumn: "id" }, undefined)).rejects.toThrow('idColumn: the rows of the query have no column "id"');
  });

  it("names what is wrong: a missing column, a table without a primary key and no id column", async () => {
    await expect(pollOnce({ table: "contacts", updatedAtColumn: "changed" }, undefined)).rejects.toThrow(`updatedAtColumn: contacts has no column "changed"`);
    await expect(pollOnce({ table: "events", updatedAtColumn: "at" }, undefined)).rejects.toThrow("idColumn: events has no primary key: choose the column that identifies a row");
    expect(newOrUpdatedRows.config.safeParse({ table: "contacts" }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "updatedAtColumn: choose the column that holds when a row changed",
    ]);
  });
});
