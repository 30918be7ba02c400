import { createServer, type Server } from "node:http";
import type { Db } from "@interflow/db";
import { type Check, checkRedis, probe, type Redis, readiness } from "@interflow/queue";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";

export interface WorkerHealth {
  /** what it depends on, checked now: PostgreSQL, Redis, Docker (with the Docker runtime) */
  checks(): Promise<Record<string, Check>>;
  /** leader: it carries out control commands; standby: it waits for the leader's lease */
  role(): "leader" | "standby";
}

export interface HealthServer {
  /** the address it answers on (its port chosen by the system when asked for port 0) */
  url: string;
  close(): Promise<void>;
}

/**
 * `/healthz` (the process answers: a supervisor restarts it otherwise), `/readyz` (what it depends
 * on answers; a standby is ready when it could take over) for probes and Compose, and `/metrics`
 * (this process's own; the platform's view is the web app's /metrics).
 */
export async function startHealthServer(health: WorkerHealth, p: { port: number; host: string }): Promise<HealthServer> {
  // this process's metrics (GET /metrics): Node's own, and whether it leads
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "interflow_worker_" });
  new Gauge({
    name: "interflow_worker_leader",
    help: "1 while this worker holds the leader lease (carries out commands), 0 while it waits",
    registers: [registry],
    collect() {
      this.set(health.role() === "leader" ? 1 : 0);
    },
  });
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return send(200, { ok: true, role: health.role() });
    if (path === "/readyz") {
      health.checks().then(
        (checks) => {
          const { status, body } = readiness(checks, { role: health.role() });
          send(status, body);
        },
        (error: Error) => send(503, { ready: false, error: error.message }),
      );
      return;
    }
    if (path === "/metrics") {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(text);
        },
        (error: Error) => send(500, { error: `metrics: ${error.message}` }),
      );
      return;
    }
    send(404, { error: `no such endpoint: ${path}; the worker answers /healthz, /readyz and /metrics` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p.port, p.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : p.port;
  return {
    url: `http://${p.host.includes(":") ? `[${p.host}]` : p.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the worker depends on, probed now: PostgreSQL, Redis, and the Docker daemon when steps run as containers. */
export async function workerChecks(p: { db: Db; redis: Redis; docker?: { ping(): Promise<void> } }): Promise<Record<string, Check>> {
  const [postgres, redis, docker] = await Promise.all([
    probe("postgresql (SELECT 1)", () => p.db.prisma.$queryRaw`SELECT 1`),
    checkRedis(p.redis),
    p.docker ? probe("docker (ping)", () => (p.docker as { ping(): Promise<void> }).ping()) : undefined,
  ]);
  return { postgres, redis, ...(docker ? { docker } : {}) };
}
