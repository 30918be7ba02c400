// The built `interflow` command run as a child process against the real API (appRouter served
// over HTTP) on the real PostgreSQL and Redis from the vitest globalSetup (build-cli.ts builds it).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders, Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ApiServices, appRouter, closeApiServices, createApiServices, createContext } from "@interflow/api";
import { applyMigrations, createApiToken, createDb, createWorkspace, type EncryptionKey } from "@interflow/db";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { expect } from "vitest";

const bin = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."), "bin", "interflow.mjs");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  services: ApiServices;
  db: ReturnType<typeof createDb>;
  url: string;
  redisUrl: string;
  /** the CLI's workspace (its token's) */
  workspaceId: string;
  /** the API token of the CLI's workspace, and of another one */
  token: string;
  otherToken: string;
  /** holds the flow files; also the cwd of the CLI, outside the repository */
  work: string;
  dataDir: string;
  /** runs `interflow <args>` (asynchronously: this process serves the API it talks to) */
  /** runs the built CLI; `stdin` is what it reads there (nothing by default) */
  interflow(args: string[], env?: Record<string, string | undefined>, stdin?: string): Promise<CliRun>;
  writeFile(name: string, content: unknown): string;
  close(): Promise<void>;
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * Two workspaces with a token each, and the API on a port of this process, on Redis database
 * `redisDb` of the tests' Redis: one of its own, so no worker of another package's tests takes its jobs.
 */
export async function startCliHarness(p: { redisDb: number; components?: ApiServices["components"]; encryptionKey?: EncryptionKey }): Promise<CliHarness> {
  const databaseUrl = process.env.DATABASE_URL!;
  const redis = new URL(process.env.REDIS_URL!);
  redis.pathname = `/${p.redisDb}`;
  const redisUrl = redis.toString();
  await applyMigrations({ databaseUrl });
  const db = createDb(databaseUrl);
  const workspace = await createWorkspace(db, { name: `cli test ${randomUUID()}` });
  const otherWorkspace = await createWorkspace(db, { name: `cli test other ${randomUUID()}` });
  const token = (await createApiToken(db, { workspaceId: workspace.id, name: "cli test" })).token;
  const otherToken = (await createApiToken(db, { workspaceId: otherWorkspace.id, name: "cli test" })).token;
  const services = createApiServices({ databaseUrl, redisUrl, gatewayUrl: "http://127.0.0.1:3001", components: p.components, encryptionKey: p.encryptionKey });
  const server: Server = createHTTPServer({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req }) => createContext({ services, headers: headersOf(req.headers) }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const work = mkdtempSync(path.join(tmpdir(), "interflow-cli-it-"));
  const dataDir = path.join(work, "data");
  mkdirSync(dataDir);
  return {
    services,
    db,
    url,
    redisUrl,
    workspaceId: workspace.id,
    token,
    otherToken,
    work,
    dataDir,
    interflow: (args, env = {}, stdin = "") => {
      const fullEnv = { PATH: process.env.PATH, INTERFLOW_URL: url, INTERFLOW_TOKEN: token, INTERFLOW_DATA_DIR: dataDir, ...env };
      return new Promise((resolve) => {
        const child = execFile(process.execPath, [bin, ...args], { cwd: work, env: fullEnv as NodeJS.ProcessEnv }, (err, stdout, stderr) => {
          resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
        });
        child.stdin?.end(stdin);
      });
    },
    writeFile: (name, content) => {
      writeFileSync(path.join(work, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
      return name;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.controlQueue.obliterate({ force: true });
      await closeApiServices(services);
      await db.close();
    },
  };
}

/**
 * Asserts the run failed (with `code` when given, else one of the documented 1–4) with exactly one
 * `error:` line on stderr and nothing on stdout; returns the line.
 */
export function expectOneErrorLine(run: CliRun, code?: 1 | 2 | 3 | 4): string {
  if (code === undefined) expect([1, 2, 3, 4]).toContain(run.code);
  else expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
  return run.stderr.trimEnd();
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
