// `interflow component init`, and the SDK as a third party gets it: packed for npm, installed in a
// project outside the workspace, a scaffolded component type-checked and tested with it. Real npm
// (its cache, or the registry), the real TypeScript compiler and vitest in the new project.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(cliDir, "bin", "interflow.mjs");
const sdkDir = path.resolve(cliDir, "../sdk");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeout = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    // no workspace, no token: what a newcomer's shell has
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_cache: process.env.npm_config_cache, NO_COLOR: "1" };
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
const interflow = (args: string[], cwd: string) => run(process.execPath, [bin, ...args], cwd);
const npm = (args: string[], cwd: string) => run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], cwd);

let work: string;
let tarball: string;

beforeAll(async () => {
  // outside the repository: nothing of the workspace's node_modules is found from here
  work = mkdtempSync(path.join(tmpdir(), "interflow-sdk-"));
  const packed = await run(process.execPath, [path.join(sdkDir, "scripts/pack.mjs"), "--out", work], sdkDir);
  expect(packed.stderr).toBe("");
  tarball = packed.stdout.trim();
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the SDK for everyone", () => {
  it("packs as JavaScript with type declarations and zod its only dependency", async () => {
    expect(path.basename(tarball)).toMatch(/^interflow-sdk-\d+\.\d+\.\d+\.tgz$/);
    const listed = await run("tar", ["tzf", tarball], work);
    const files = listed.stdout.trim().split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/package.json", "package/index.js", "package/index.d.ts", "package/testing.js", "package/testing.d.ts", "package/README.md", "package/LICENSE"]));
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const manifest = JSON.parse((await run("tar", ["xzOf", tarball, "package/package.json"], work)).stdout);
    expect(manifest).toMatchObject({ name: "@interflow/sdk", type: "module", dependencies: { zod: expect.any(String) } });
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).toEqual(["zod"]);
    expect(manifest.exports).toEqual({ ".": { types: "./index.d.ts", default: "./index.js" }, "./testing": { types: "./testing.d.ts", default: "./testing.js" } });
  });

  it("scaffolds a component that installs the packed SDK outside the workspace, type-checks and passes its own tests", async () => {
    const made = await interflow(["component", "init", "acme-crm"], work);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^created component acme-crm in acme-crm: package\.json, tsconfig\.json, README\.md, \.gitignore, src\/index\.ts, test\/component\.test\.ts\n/);
    const dir = path.join(work, "acme-crm");
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("interflow-component-acme-crm");
    expect(pkg.dependencies["@interflow/sdk"]).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toContain('name: "acme-crm"');

    // the SDK from the tarball (it is not on the registry here), the rest from npm
    pkg.dependencies["@interflow/sdk"] = `file:${tarball}`;
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    const installed = await npm(["install"], dir);
    expect(installed.stderr).toBe("");
    expect(installed.code).toBe(0);
    expect(existsSync(path.join(dir, "node_modules/@interflow/sdk/index.js"))).toBe(true);

    const typecheck = await run("npx", ["--no-install", "tsc", "--noEmit"], dir);
    expect(typecheck.stdout + typecheck.stderr).toBe("");
    expect(typecheck.code).toBe(0);

    const tests = await run("npx", ["--no-install", "vitest", "run"], dir);
    expect(tests.stdout).toMatch(/Tests\s+3 passed \(3\)/);
    expect(tests.code).toBe(0);

    // a change that breaks the component's contract fails its own tests (they can fail)
    const source = path.join(dir, "src/index.ts");
    writeFileSync(source, readFileSync(source, "utf8").replace("for (const record of changed) emit.data(record);", "for (const record of records) emit.data(record);"));
    const broken = await run("npx", ["--no-install", "vitest", "run"], dir);
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toMatch(/Tests\s+1 failed \| 2 passed/);
  }, 300_000);

  it("its declarations serve a project that resolves modules as Node does (NodeNext)", async () => {
    const dir = path.join(work, "nodenext");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "nodenext-consumer", private: true, type: "module", dependencies: { "@interflow/sdk": `file:${tarball}` }, devDependencies: { "@types/node": "^20.19.0" } }));
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2023", strict: true, outDir: "out", types: ["node"] } }),
    );
    writeFileSync(
      path.join(dir, "main.ts"),
      [
        'import { defineAction, defineComponent, RetryableError } from "@interflow/sdk";',
        'import { runStep } from "@interflow/sdk/testing";',
        "const echo = defineComponent({ name: \"echo\", title: \"Echo\", description: \"echoes\", functions: { echo: defineAction({ title: \"Echo\", description: \"echoes\" }) } });",
        "const echoed = echo.functions.echo;",
        'if (!echoed) throw new RetryableError("no echo");',
        'const result = await runStep(echoed, { config: {}, body: { hello: "world" } });',
        "console.log(JSON.stringify(result.emitted));",
      ].join("\n"),
    );
    expect((await npm(["install"], dir)).code).toBe(0);
    // the workspace's compiler (the project did not install one): the declarations must hold without skipLibCheck
    const compiled = await run(process.execPath, [path.resolve(cliDir, "../../node_modules/typescript/bin/tsc"), "-p", "."], dir);
    expect(compiled.stdout + compiled.stderr).toBe("");
    const ran = await run(process.execPath, ["out/main.js"], dir);
    expect(ran.stdout).toBe('[{"hello":"world"}]\n');
  }, 300_000);

  it("init refuses a name that cannot name a component and a folder with files, writing nothing", async () => {
    const bad = await interflow(["component", "init", "Acme_CRM"], work);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/component name "Acme_CRM": lower-case letters, digits and dashes/);
    expect(existsSync(path.join(work, "Acme_CRM"))).toBe(false);

    mkdirSync(path.join(work, "taken"));
    writeFileSync(path.join(work, "taken/notes.txt"), "mine");
    const taken = await interflow(["component", "init", "taken"], work);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/taken already exists and is not an empty folder: nothing was written/);
    expect(existsSync(path.join(work, "taken/package.json"))).toBe(false);

    const elsewhere = await interflow(["component", "init", "other", "--dir", "nested/place"], work);
    expect(elsewhere.code).toBe(0);
    expect(existsSync(path.join(work, "nested/place/src/index.ts"))).toBe(true);
  });
});
