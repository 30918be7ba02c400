// The Docker runtime against the real dockerd of this machine: a stand-in runner image built on the
// runner's base image; labels, limits and hardening as Docker reports them; output, stop, crash,
// out of memory; a second runtime (a restarted worker) adopting what runs; Docker's errors in words.
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRunnerImage } from "../../../scripts/docker-images-lib.mjs";
import { DockerStepRuntime, LABELS } from "./docker-runtime";
import { describeExit, type RunnerExit, type RunnerInfo } from "./step-runtime";

const docker = new Docker();
const IMAGE = "interflow/runtime-test-runner:latest";
const installation = `runtime-test-${randomUUID().slice(0, 8)}`;
const runtimes: DockerStepRuntime[] = [];

beforeAll(async () => {
  const { base } = await buildRunnerImage();
  const context = mkdtempSync(path.join(tmpdir(), "interflow-runtime-image-"));
  // a stand-in runner: says which step it runs, then crashes, eats memory or waits for SIGTERM as told
  writeFileSync(
    path.join(context, "runner.mjs"),
    `import { createHash } from "node:crypto";
console.log("runner for " + process.env.INTERFLOW_STEP_ID);
if (process.env.READ_STDIN) { let given = ""; process.stdin.on("data", (c) => { given += c; }); process.stdin.on("end", () => console.log("stdin sha256 " + createHash("sha256").update(given).digest("hex"))); }
if (process.env.CRASH) { console.error("boom: " + process.env.CRASH); process.exit(3); }
if (process.env.HOG) { const held = []; setInterval(() => { held.push(Buffer.alloc(4 * 1024 * 1024, 1)); }, 10); }
process.on("SIGTERM", () => { console.log("stopping"); process.exit(0); });
setInterval(() => {}, 1000);
`,
  );
  writeFileSync(path.join(context, "Dockerfile"), `FROM ${base}\nCOPY runner.mjs /opt/test/runner.mjs\nUSER 10001:10001\nENTRYPOINT ["node", "/opt/test/runner.mjs"]\n`);
  execFileSync("docker", ["build", "--quiet", "--tag", IMAGE, context], { stdio: "pipe" });
}, 120_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABELS.installation}=${installation}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
});

function runtime(p: { installation?: string; image?: string } = {}) {
  const lines: Array<{ runner: RunnerInfo; line: string }> = [];
  const exits: RunnerExit[] = [];
  const made = new DockerStepRuntime({ image: p.image ?? IMAGE, installation: p.installation ?? installation, onOutput: (runner, line) => lines.push({ runner, line }) });
  made.onExit((exit) => exits.push(exit));
  runtimes.push(made);
  return { runtime: made, lines, exits };
}

const spec = (stepId: string, env: Record<string, string> = {}, replica = 0) => ({
  workspaceId: "ws-1",
  flowId: `flow-${installation}`,
  flowVersion: 4,
  stepId,
  replica,
  env: { INTERFLOW_STEP_ID: stepId, ...env },
});

describe("DockerStepRuntime", () => {
  it("runs a step replica as a labelled, limited, unprivileged container, passes its output on and stops it gracefully", async () => {
    const { runtime: r, lines, exits } = runtime();
    const info = await r.start({ ...spec("transform"), resources: { memoryMb: 128, cpus: 0.5 } });
    await expect.poll(() => lines.map((l) => l.line)).toContain("runner for transform");
    expect(lines[0]?.runner).toMatchObject({ stepId: "transform", replica: 0, flowVersion: 4 });

    const inspected = await docker.getContainer(info.id).inspect();
    expect(inspected.Config.Labels).toMatchObject({
      [LABELS.installation]: installation,
      [LABELS.workspace]: "ws-1",
      [LABELS.flow]: `flow-${installation}`,
      [LABELS.version]: "4",
      [LABELS.step]: "transform",
      [LABELS.replica]: "0",
    });
    expect(inspected.HostConfig).toMatchObject({
      Init: true,
      Memory: 128 * 1024 * 1024,
      MemorySwap: 128 * 1024 * 1024,
      NanoCpus: 500_000_000,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
    });
    expect(inspected.Config.User).toBe("10001:10001");
    expect(inspected.Config.Env).toContain("INTERFLOW_STEP_ID=transform");
    expect((await r.list()).map((x) => x.id)).toEqual([info.id]);

    await r.stop(info.id);
    expect(exits).toEqual([expect.objectContaining({ requested: true, code: 0, runner: expect.objectContaining({ id: info.id }) })]);
    expect(exits[0]?.lastOutput).toContain("stopping");
    // gone: stopped containers are removed, not left behind
    await expect(docker.getContainer(info.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await r.list()).toEqual([]);
  });

  it("hands a runner its secrets on stdin: never in what docker inspect shows", async () => {
    const { runtime: r, lines } = runtime();
    const secret = `step-key-${randomUUID()}`;
    const info = await r.start({ ...spec("deliver", { READ_STDIN: "1" }), stdin: `${JSON.stringify({ credentialKey: secret })}\n` });
    const expected = createHash("sha256").update(`${JSON.stringify({ credentialKey: secret })}\n`).digest("hex");
    await expect.poll(() => lines.map((l) => l.line), { timeout: 20_000 }).toContain(`stdin sha256 ${expected}`);
    const inspected = JSON.stringify(await docker.getContainer(info.id).inspect());
    expect(inspected).not.toContain(secret);
    expect(inspected).toContain("READ_STDIN=1");
    await r.stop(info.id);
  });

  it("reports a crash with its exit code and last lines, and a runner past its memory limit as out of memory", async () => {
    const { runtime: r, exits } = runtime();
    const crashed = await r.start(spec("deliver", { CRASH: "no route to the CRM" }));
    await expect.poll(() => exits.length, { timeout: 15_000 }).toBe(1);
    expect(exits[0]).toMatchObject({ requested: false, code: 3, runner: { id: crashed.id, stepId: "deliver" } });
    expect(exits[0]?.lastOutput).toContain("boom: no route to the CRM");
    expect(describeExit(exits[0] as RunnerExit)).toBe("exit code 3");

    await r.start({ ...spec("enrich", { HOG: "1" }), resources: { memoryMb: 64 } });
    await expect.poll(() => exits.length, { timeout: 30_000 }).toBe(2);
    expect(exits[1]).toMatchObject({ requested: false, oomKilled: true, memoryLimitMb: 64, code: 137 });
    expect(describeExit(exits[1] as RunnerExit)).toBe("out of memory: killed at its 64 MiB limit");
  });

  it("a new runtime of the same installation (a restarted worker) adopts the running containers; another installation sees none", async () => {
    const first = runtime();
    const a = await first.runtime.start(spec("transform", {}, 0));
    const b = await first.runtime.start(spec("transform", {}, 1));
    await expect.poll(() => first.lines.filter((l) => l.line === "runner for transform").length).toBe(2);

    const second = runtime();
    const adopted = await second.runtime.list({ flowId: `flow-${installation}` });
    expect(adopted.map((x) => [x.id, x.stepId, x.replica, x.flowVersion, x.workspaceId]).sort()).toEqual(
      [
        [a.id, "transform", 0, 4, "ws-1"],
        [b.id, "transform", 1, 4, "ws-1"],
      ].sort(),
    );
    expect(await runtime({ installation: `${installation}-other` }).runtime.list()).toEqual([]);

    // the adopter stops one (and hears of its exit); a replica killed under it is reported as killed
    await second.runtime.stop(a.id);
    expect(second.exits).toEqual([expect.objectContaining({ requested: true, runner: expect.objectContaining({ id: a.id }) })]);
    await docker.getContainer(b.id).kill();
    await expect.poll(() => second.exits.length, { timeout: 15_000 }).toBe(2);
    expect(second.exits[1]).toMatchObject({ requested: false, code: 137, signal: "SIGKILL", runner: { id: b.id } });
    expect(await second.runtime.list()).toEqual([]);
  });

  it("says what to do when the image is missing or no daemon answers", async () => {
    const { runtime: r } = runtime({ image: "interflow/no-such-runner:0" });
    await expect(r.checkImage()).rejects.toThrow("the runner image interflow/no-such-runner:0 is missing: build it with npm run docker:images");
    await expect(r.start(spec("transform"))).rejects.toThrow('could not start runner for step "transform": the runner image interflow/no-such-runner:0 is missing: build it with npm run docker:images');
    const nowhere = new DockerStepRuntime({ image: IMAGE, installation, docker: new Docker({ socketPath: "/nonexistent/docker.sock" }) });
    await expect(nowhere.ping()).rejects.toThrow(/^no Docker daemon reachable \(ENOENT\): start dockerd, or set INTERFLOW_RUNTIME=process$/);
  });
});
