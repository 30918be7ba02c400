// A custom component packaged into its own image FROM the runner's (`interflow component build`'s
// code, the example in examples/components/greeter), installed in a workspace through the API and
// run for real: on the Docker runtime its steps run in the component's image, on the process
// runtime from the code the worker writes down; its polling trigger runs on the flow's schedule. A
// hostile one takes its runner's Redis sign-in and reaches for another flow's keys: refused.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FlowDocument } from "@interflow/flow";
import { keys, runnerRedisUser } from "@interflow/queue";
import { ensureStepNetwork, LABELS, dismantleStepNetwork } from "@interflow/runtime";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltComponent, buildComponent } from "../../../packages/cli/src/component/build-component";
import { scaffoldComponent } from "../../../packages/cli/src/component/scaffold-component";
import { buildRunnerImage } from "../../../scripts/docker-images-lib.mjs";
import { type Harness, root, startHarness, waitForState, workerEnvOf } from "./testing/harness";
import { Sink } from "./testing/sink";
import { buildWorker, WorkerProcess } from "./testing/worker-process";

const docker = new Docker();
const installation = `custom-test-${randomUUID().slice(0, 8)}`;
const greeterDir = path.join(root, "examples/components/greeter");
const snoopDir = path.join(root, "apps/worker/src/testing/components/snoop");
let built: BuiltComponent;
let runnerImage: string;
let workerEntry: string;
const harnesses: Harness[] = [];
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [{ runner: runnerImage }, workerEntry] = await Promise.all([buildRunnerImage(), buildWorker()]);
  built = await buildComponent(greeterDir, { runnerImage });
}, 240_000);

afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABELS.installation}=${installation}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  // the worker removes its step network when it stops; one it could not (killed) is removed here
  await dismantleStepNetwork({ installation });
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

/** a worker process of the harness's installation on the Docker runtime (flows stay awake for the test) */
const dockerWorkerFor = (h: Harness) =>
  new WorkerProcess(
    workerEntry,
    workerEnvOf({
      databaseUrl: h.databaseUrl,
      redisUrl: h.redisUrl,
      ...h.encryptionKeyEnv,
      INTERFLOW_RUNTIME: "docker",
      INTERFLOW_RUNNER_IMAGE: runnerImage,
      INTERFLOW_DOCKER_INSTALLATION: installation,
      INTERFLOW_IDLE_SECONDS: "3600",
      INTERFLOW_START_TIMEOUT_MS: "20000",
    }),
  );

/** webhook → greeter.greet → http to the sink */
function greetingFlow(sinkUrl: string, name: string): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name,
    type: "ordinary",
    nodes: [
      { id: "webhook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
      { id: "greet", component: "greeter", function: "greet", config: { greeting: "Hello", shout: true }, position: { x: 280, y: 0 } },
      { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sinkUrl}/greetings` }, position: { x: 560, y: 0 } },
    ],
    edges: [
      { source: "webhook", target: "greet" },
      { source: "greet", target: "deliver" },
    ],
  } as FlowDocument;
}

/** greeter.count (polling, every 5 s) → http to the sink */
function countingFlow(sinkUrl: string): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name: "custom: counting",
    type: "ordinary",
    settings: { schedule: { every: "5s" } },
    nodes: [
      { id: "count", component: "greeter", function: "count", config: { perRun: 2 }, position: { x: 0, y: 0 } },
      { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sinkUrl}/numbers` }, position: { x: 280, y: 0 } },
    ],
    edges: [{ source: "count", target: "deliver" }],
  } as FlowDocument;
}

/** the designer's "Retrieve sample" of the greet step, on a typed sample of the webhook */
const retrieveSample = (h: Harness, id: string, sinkUrl: string) =>
  h.caller.samples.runStep({
    id,
    document: greetingFlow(sinkUrl, "custom: sample"),
    stepId: "greet",
    samples: { webhook: { body: { name: "Sam" }, headers: {}, source: "typed", takenAt: new Date().toISOString() } },
  });

const install = (h: Harness) => h.caller.components.install({ manifest: built.manifest, image: built.image, bundle: built.bundle });

async function greetThrough(h: Harness, sink: Sink, id: string, names: string[]) {
  for (const name of names) {
    const response = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    expect(response.status).toBe(202);
  }
  await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 100 }).toBe(names.length);
  return sink.deliveries.map((d) => d.body.greeting).sort();
}

describe("a custom component in its own image, on the Docker runtime", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database: "interflow_worker_custom_docker_test", redisDb: 14, inProcessWorker: false });
    harnesses.push(h);
    workers.push(dockerWorkerFor(h));
  }, 120_000);

  it("packages the component FROM the runner image, with its code and where the runner finds it", async () => {
    expect(built.image).toMatch(new RegExp(`^interflow/component-greeter:1\\.0\\.0-${built.bundleSha256.slice(0, 12)}$`));
    const inspected = await docker.getImage(built.image).inspect();
    const runner = await docker.getImage(runnerImage).inspect();
    expect(inspected.Config.Labels).toMatchObject({
      "interflow.component": "greeter",
      "interflow.component.version": "1.0.0",
      "interflow.component.sha256": built.bundleSha256,
      "interflow.component.runner": runner.Id,
    });
    expect(inspected.Config.Env).toContain("INTERFLOW_COMPONENT_MODULES=/opt/interflow/components/greeter/component.mjs");
    // built FROM the runner: every layer of the runner image is a layer of this one
    const runnerLayers = runner.RootFS.Layers ?? [];
    expect(inspected.RootFS.Layers?.slice(0, runnerLayers.length)).toEqual(runnerLayers);
    // the same code again: nothing to build
    expect((await buildComponent(greeterDir, { runnerImage })).built).toBe(false);
  });

  it("runs the custom step in the component's image and the built-in steps in the runner's; messages go through it", async () => {
    expect(await install(h)).toEqual({ name: "greeter", version: "1.0.0", replaced: null });
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: greetingFlow(sink.url, "custom: docker greetings") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const containers = await docker.listContainers({ filters: { label: [`${LABELS.installation}=${installation}`, `${LABELS.flow}=${id}`] } });
      const imageOf = Object.fromEntries(containers.map((c) => [c.Labels[LABELS.step], c.Image]));
      expect(imageOf).toEqual({ webhook: runnerImage, greet: built.image, deliver: runnerImage });

      expect(await greetThrough(h, sink, id, ["Ada", "Grace", "Linus"])).toEqual(["HELLO, ADA!", "HELLO, GRACE!", "HELLO, LINUS!"]);
      // the code that greeted is the copy in the component's image
      expect(new Set(sink.deliveries.map((d) => d.body.greetedBy))).toEqual(new Set(["file:///opt/interflow/components/greeter/component.mjs"]));

      // the designer's "Retrieve sample" of the custom step: run once, in a container of its image, then gone
      const sample = await retrieveSample(h, id, sink.url);
      expect(sample).toMatchObject({ ok: true, emitted: 1, sample: { body: { name: "Sam", greeting: "HELLO, SAM!", greetedBy: "file:///opt/interflow/components/greeter/component.mjs" } } });
      // and a credential it declares, checked by its own verify in its image
      expect(await h.caller.credentials.test({ component: "greeter", secrets: { apiKey: "guess" } })).toMatchObject({ verified: false, field: "apiKey" });
      expect(await docker.listContainers({ all: true, filters: { label: [`${LABELS.oneShot}=${installation}`] } })).toEqual([]);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("cannot reach another flow's keys: its runner's own Redis sign-in, taken off the wire, gets NOPERM for them; its environment holds no password; its own sockets reach only Redis on the host, no private network", async () => {
    const snoop = await buildComponent(snoopDir, { runnerImage });
    await h.caller.components.install({ manifest: snoop.manifest, image: snoop.image, bundle: snoop.bundle });
    const sink = await new Sink().start();
    try {
      // flow B: any running flow, its deployment and queues in Redis
      const other = await h.caller.flows.import({ document: greetingFlow(sink.url, "custom: the other flow") });
      await h.caller.flows.start({ id: other.id });
      const snooping = await h.caller.flows.import({
        document: {
          schema: "interflow/flow@1",
          name: "custom: snooping",
          type: "ordinary",
          nodes: [
            { id: "webhook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
            { id: "reach", component: "snoop", function: "reach", config: {}, position: { x: 280, y: 0 } },
            { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/loot` }, position: { x: 560, y: 0 } },
          ],
          edges: [
            { source: "webhook", target: "reach" },
            { source: "reach", target: "deliver" },
          ],
        } as FlowDocument,
      });
      await h.caller.flows.start({ id: snooping.id });
      await waitForState(h.caller, other.id, "running");
      await waitForState(h.caller, snooping.id, "running");
      const deploymentOfOther = await h.redis.get(keys.deployment(other.id));
      expect(deploymentOfOther).toContain(other.id);

      // a service of the host's listening on every address (as a database or an admin page might)
      const hostService = net.createServer((socket) => socket.end("welcome\n"));
      hostService.listen(0, "0.0.0.0");
      await once(hostService, "listening");
      const servicePort = (hostService.address() as net.AddressInfo).port;
      const { gateway } = await ensureStepNetwork({ installation });
      const redisPort = Number(new URL(h.redisUrl).port);
      const probes = [
        { host: gateway, port: servicePort },
        { host: "127.0.0.1", port: servicePort },
        { host: "169.254.169.254", port: 80 },
        { host: "10.255.255.1", port: 80 },
        { host: gateway, port: redisPort },
      ];
      const posted = await fetch(`${h.gateway.url}/hook/${snooping.id}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ other: other.id, probes }),
      });
      hostService.close();
      expect(posted.status).toBe(202);
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 100 }).toBe(1);
      const loot = sink.deliveries[0]?.body as { capturedUser: string; signedIn: string[]; asGiven: string[]; reached: Record<string, string> };
      // its raw sockets: on the host only Redis (the container's own loopback is its own); no cloud
      // metadata, no private network — refused at once by the host's firewall; its deliveries to the
      // sink on the host's loopback went through the relay, as the allow list permits
      expect(loot.reached).toEqual({
        [`${gateway}:${servicePort}`]: "ECONNREFUSED",
        [`127.0.0.1:${servicePort}`]: "ECONNREFUSED",
        "169.254.169.254:80": "ECONNREFUSED",
        "10.255.255.1:80": "ECONNREFUSED",
        [`${gateway}:${redisPort}`]: "connected",
      });
      // the sign-in it took from its runner is real: it reads its own flow's deployment with it …
      expect(loot.capturedUser).toBe(runnerRedisUser(snooping.id));
      expect(loot.signedIn[0]).toBe("+OK");
      expect(loot.signedIn[2]).toContain(snooping.id);
      // … and nothing of flow B: not reading, not writing, not through a script; no key listing, no configuration
      expect(loot.signedIn.slice(3)).toEqual([
        expect.stringMatching(/^-NOPERM/),
        expect.stringMatching(/^-NOPERM/),
        expect.stringMatching(/^-(NOPERM|ERR The user executing the script can't access)/),
        expect.stringMatching(/^-NOPERM.*'scan'/),
        expect.stringMatching(/^-NOPERM.*'config\|get'/),
      ]);
      expect(await h.redis.exists(`if:{${other.id}}:injected`)).toBe(0);
      // the REDIS_URL of its environment names its user but carries no password
      expect(loot.asGiven[0]).toMatch(/^-NOAUTH/);
      const container = (await docker.listContainers({ filters: { label: [`${LABELS.installation}=${installation}`, `${LABELS.flow}=${snooping.id}`, `${LABELS.step}=reach`] } }))[0];
      const env = (await docker.getContainer(container?.Id ?? "").inspect()).Config.Env;
      const redisUrl = new URL((env.find((e) => e.startsWith("REDIS_URL=")) ?? "").slice("REDIS_URL=".length));
      expect([redisUrl.username, redisUrl.password]).toEqual([runnerRedisUser(snooping.id), ""]);

      // stopped: its user is gone, and the password it took opens nothing any more
      await h.caller.flows.stop({ id: snooping.id });
      await waitForState(h.caller, snooping.id, "stopped");
      expect(await h.redis.call("ACL", "GETUSER", runnerRedisUser(snooping.id))).toBeNull();
      await h.caller.flows.stop({ id: other.id });
      await waitForState(h.caller, other.id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("polls with its own trigger on the flow's schedule, keeping its snapshot between runs", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: countingFlow(sink.url) });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      // it takes no webhooks, and the gateway says why
      const posted = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(posted.status).toBe(404);
      expect(await posted.json()).toEqual({ error: `flow ${id} polls its source on a schedule: it takes no webhooks` });
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(4);
      const polling = await h.caller.flows.polling({ id });
      expect(polling?.stepId).toBe("count");
      expect(polling?.nextRunAt).not.toBeNull();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      const numbers = sink.deliveries.map((d) => d.body.n as number).sort((a, b) => a - b);
      // each run goes on from the last number it kept: 1, 2, 3, … without a gap or a repeat
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    } finally {
      await sink.close();
    }
  });
});

/** A stand-in of the API `interflow component init`'s component talks to: records behind an API key, on the host's loopback. */
async function startRecordsApi(apiKey: string) {
  const records: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers["x-api-key"] !== apiKey) return send(401, { error: "unknown key" });
    if (req.url === "/v1/me") return send(200, { account: "test" });
    if (req.url !== "/v1/records" || req.method !== "POST") return send(404, { error: "no such thing" });
    let text = "";
    req.on("data", (chunk: Buffer) => {
      text += chunk;
    });
    req.on("end", () => {
      const record = { ...(JSON.parse(text) as object), id: records.length + 1, updatedAt: new Date().toISOString() };
      records.push(record);
      send(201, record);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { records, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1`, close: () => server.close() };
}

describe("a component made with `interflow component init`, on the Docker runtime", () => {
  it("builds as it was scaffolded, verifies its credential in its image and creates records in a running flow, through the platform's fetch to the host's loopback", async () => {
    const h = await startHarness({ database: "interflow_worker_custom_scaffold_test", redisDb: 13, inProcessWorker: false });
    harnesses.push(h);
    workers.push(dockerWorkerFor(h));
    const work = mkdtempSync(path.join(tmpdir(), "interflow-scaffold-"));
    const api = await startRecordsApi("acme-key");
    const sink = await new Sink().start();
    try {
      // as scaffolded, not a line changed: its SDK and zod come from the platform's node_modules
      const dir = path.join(work, "acme-crm");
      scaffoldComponent("acme-crm", dir);
      const acme = await buildComponent(dir, { runnerImage });
      expect(acme.manifest).toMatchObject({ name: "acme-crm", version: "0.1.0" });
      expect(Object.keys(acme.manifest.functions).sort()).toEqual(["createRecord", "newRecords"]);
      await h.caller.components.install({ manifest: acme.manifest, image: acme.image, bundle: acme.bundle });

      // Verify runs its own verify in its image; the request reaches the host's loopback through the relay
      expect(await h.caller.credentials.test({ component: "acme-crm", authKind: "api-key", values: { baseUrl: api.url }, secrets: { apiKey: "acme-key" } })).toEqual({
        verified: true,
      });
      expect(await h.caller.credentials.test({ component: "acme-crm", authKind: "api-key", values: { baseUrl: api.url }, secrets: { apiKey: "guess" } })).toMatchObject({
        verified: false,
        field: "apiKey",
        message: expect.stringContaining("HTTP 401"),
      });
      const credential = await h.caller.credentials.create({ name: "Acme", component: "acme-crm", authKind: "api-key", values: { baseUrl: api.url }, secrets: { apiKey: "acme-key" } });

      const { id } = await h.caller.flows.import({
        document: {
          schema: "interflow/flow@1",
          name: "scaffolded: records",
          type: "ordinary",
          nodes: [
            { id: "webhook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
            { id: "create", component: "acme-crm", function: "createRecord", config: {}, credentialId: credential.id, position: { x: 280, y: 0 } },
            { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/created` }, position: { x: 560, y: 0 } },
          ],
          edges: [
            { source: "webhook", target: "create" },
            { source: "create", target: "deliver" },
          ],
        } as FlowDocument,
      });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const containers = await docker.listContainers({ filters: { label: [`${LABELS.installation}=${installation}`, `${LABELS.flow}=${id}`, `${LABELS.step}=create`] } });
      expect(containers.map((c) => c.Image)).toEqual([acme.image]);
      for (const name of ["Ada", "Grace"]) {
        const posted = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
        expect(posted.status).toBe(202);
      }
      await expect
        .poll(async () => sink.deliveries.length || (await h.caller.executions.failed({ id })).items.map((f) => `${f.stepId}: ${f.error}`).join("; "), { timeout: 30_000, interval: 200 })
        .toBe(2);
      expect(api.records.map((r) => r.name).sort()).toEqual(["Ada", "Grace"]);
      // what the step emitted is the record as the API returned it
      expect(sink.deliveries.map((d) => d.body).sort((a, b) => Number(a.id) - Number(b.id))).toEqual(api.records.map((r) => expect.objectContaining({ id: r.id, name: r.name })));
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      api.close();
      await sink.close();
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("a custom component on the process runtime", () => {
  it("is refused unless the installation allows unsandboxed code: the flow does not start and its step tests do not run, saying why", async () => {
    const h = await startHarness({ database: "interflow_worker_custom_refused_test", redisDb: 2, workerEnv: { INTERFLOW_IDLE_SECONDS: "3600" } });
    harnesses.push(h);
    const sink = await new Sink().start();
    try {
      await install(h);
      const { id } = await h.caller.flows.import({ document: greetingFlow(sink.url, "custom: not contained") });
      await h.caller.flows.start({ id });
      // starting, then stopped again by the worker, saying why
      await expect.poll(async () => (await h.caller.flows.transitions({ id })).transitions.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      await waitForState(h.caller, id, "stopped");
      const causes = (await h.caller.flows.transitions({ id })).transitions.map((t) => t.cause).join("\n");
      expect(causes).toContain('step "greet" uses the custom component "greeter": custom components run only in containers (the Docker runtime)');
      expect(causes).toContain("INTERFLOW_ALLOW_UNSANDBOXED_CODE=1");
      const sample = await retrieveSample(h, id, sink.url);
      expect(sample).toMatchObject({ ok: false, error: { message: expect.stringContaining('the custom component "greeter": custom components run only in containers') } });
      expect(await h.caller.credentials.test({ component: "greeter", secrets: { apiKey: "open-sesame" } })).toMatchObject({ verified: false, message: expect.stringContaining("run only in containers") });
      // nothing of its code was written where a runner would import it
      expect(sink.deliveries).toHaveLength(0);
    } finally {
      await sink.close();
    }
  }, 120_000);

  it("runs its code as the worker wrote it down when the installation allows it; a flow naming a component not installed is refused, saying which", async () => {
    const h = await startHarness({
      database: "interflow_worker_custom_process_test",
      redisDb: 15,
      workerEnv: { INTERFLOW_IDLE_SECONDS: "3600", INTERFLOW_ALLOW_UNSANDBOXED_CODE: "1" },
    });
    harnesses.push(h);
    const sink = await new Sink().start();
    try {
      // not installed: the flow cannot even be imported
      await expect(h.caller.flows.import({ document: greetingFlow(sink.url, "custom: too early") })).rejects.toThrow(/greeter/);
      await install(h);
      const { id } = await h.caller.flows.import({ document: greetingFlow(sink.url, "custom: process greetings") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      expect(await greetThrough(h, sink, id, ["Ada", "Alan"])).toEqual(["HELLO, ADA!", "HELLO, ALAN!"]);
      // the wizard's Verify of its credential kind: its own verify, in a runner process of its own
      expect(await h.caller.credentials.test({ component: "greeter", secrets: { apiKey: "open-sesame" } })).toEqual({ verified: true });
      expect(await h.caller.credentials.test({ component: "greeter", secrets: { apiKey: "guess" } })).toMatchObject({
        verified: false,
        message: "not the key the greeter knows",
        field: "apiKey",
      });
      // "Retrieve sample" runs the installed code in a runner process of its own, not in the worker
      const sample = await retrieveSample(h, id, sink.url);
      expect(sample).toMatchObject({ ok: true, sample: { body: { greeting: "HELLO, SAM!" } } });
      if (sample.ok) expect((sample.sample.body as { greetedBy: string }).greetedBy).toMatch(/\/greeter-[0-9a-f]{16}\.mjs$/);
      // the code the worker wrote down from what was installed, named by its digest
      expect(sink.deliveries[0]?.body.greetedBy).toMatch(new RegExp(`/greeter-${built.bundleSha256.slice(0, 16)}\\.mjs$`));
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      // removed while a flow still has its steps: refused, naming the flow
      await expect(h.caller.components.uninstall({ name: "greeter" })).rejects.toThrow(/"custom: process greetings"/);
    } finally {
      await sink.close();
    }
  }, 120_000);
});
