// `interflow component build|list|remove`: the built CLI against the real API and this machine's
// real dockerd. One command bundles a component folder, builds its image FROM the runner's and
// installs it in the workspace; mistakes in the folder are one error line each, nothing installed.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRunnerImage } from "../../../scripts/docker-images-lib.mjs";
import { type CliHarness, expectOneErrorLine, startCliHarness } from "./testing/cli-harness";

const COMPONENT_TESTS_REDIS_DB = 12;
const greeter = path.resolve(import.meta.dirname, "../../../examples/components/greeter");

let h: CliHarness;
let runnerImage: string;

const build = (dir: string, extra: string[] = []) => h.interflow(["component", "build", dir, ...extra], { INTERFLOW_RUNNER_IMAGE: runnerImage });

/** a component folder in the CLI's working directory: package.json and its entry */
function componentFolder(name: string, source: string, pkg: Record<string, unknown> = { name, version: "0.1.0", type: "module", main: "index.ts" }): string {
  const dir = path.join(h.work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
  writeFileSync(path.join(dir, "index.ts"), source);
  return name;
}

beforeAll(async () => {
  [{ runner: runnerImage }, h] = await Promise.all([buildRunnerImage(), startCliHarness({ redisDb: COMPONENT_TESTS_REDIS_DB })]);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe("interflow component", () => {
  it("builds the component's image and installs it in one command; the workspace's flows can use it at once", async () => {
    const run = await build(greeter);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^bundled {2}greeter 1\.0\.0: \d+ KB in \d+ ms\n/);
    expect(run.stdout).toMatch(/installed greeter 1\.0\.0 \(new in this workspace\): image interflow\/component-greeter:1\.0\.0-[0-9a-f]{12}; triggers: count; actions: greet\n$/);

    const list = await h.interflow(["component", "list", "--json"]);
    const { components } = JSON.parse(list.stdout);
    expect(components).toEqual([expect.objectContaining({ name: "greeter", version: "1.0.0", title: "Greeter", triggers: ["count"], actions: ["greet"] })]);
    expect((await h.interflow(["component", "list"])).stdout).toMatch(/^NAME\s+VERSION\s+IMAGE.*\ngreeter\s+1\.0\.0\s+interflow\/component-greeter:1\.0\.0-/);

    // a flow's config is checked against the component's own schema, naming the field
    const flow = (greeting: string) => ({
      schema: "interflow/flow@1",
      name: `Greetings ${greeting || "(none)"}`,
      nodes: [
        { id: "hook", component: "webhook", function: "receive" },
        { id: "greet", component: "greeter", function: "greet", config: { greeting } },
      ],
      edges: [{ source: "hook", target: "greet" }],
    });
    const bad = expectOneErrorLine(await h.interflow(["flow", "import", h.writeFile("bad-greeting.json", flow(""))]));
    expect(bad).toMatch(/greet.*greeting/);
    const good = await h.interflow(["flow", "import", h.writeFile("good-greeting.json", flow("Hi"))]);
    expect(good.code).toBe(0);

    // the same code again: the image is there; installing the same version again says what it replaced
    const again = await build(greeter, ["--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ name: "greeter", version: "1.0.0", replaced: "1.0.0", imageBuilt: false });

    // a flow uses it: removing is refused, naming the flow; nothing removed
    expect(expectOneErrorLine(await h.interflow(["component", "remove", "greeter"]))).toMatch(/used by the flow "Greetings Hi"/);
    expect(JSON.parse((await h.interflow(["component", "list", "--json"])).stdout).components).toHaveLength(1);
  }, 120_000);

  it("says in one line what is wrong with a folder, and installs nothing", async () => {
    const before = JSON.parse((await h.interflow(["component", "list", "--json"])).stdout).components.length;
    expect(expectOneErrorLine(await build("no-such-folder"))).toMatch(/no-such-folder: no such folder$/);
    mkdirSync(path.join(h.work, "empty"), { recursive: true });
    expect(expectOneErrorLine(await build("empty"))).toMatch(/empty: no package\.json; a component is a folder/);
    expect(expectOneErrorLine(await build(componentFolder("broken", "export default {{{")))).toMatch(/bundling .*broken\/index\.ts failed: .*index\.ts:1: /);
    expect(expectOneErrorLine(await build(componentFolder("nothing", "export const x = 1;")))).toMatch(/exports no component: export default defineComponent/);
    const hook = `import { defineComponent, defineTrigger } from "@interflow/sdk";
export default defineComponent({ name: "hooks", title: "Hooks", description: "", functions: { receive: defineTrigger({ title: "Receive", description: "" }) } });`;
    expect(expectOneErrorLine(await build(componentFolder("hooks", hook)))).toMatch(/functions\.receive: a custom trigger must poll its source/);
    const clash = `import { defineAction, defineComponent } from "@interflow/sdk";
export default defineComponent({ name: "http", title: "Mine", description: "", functions: { send: defineAction({ title: "Send", description: "" }) } });`;
    expect(expectOneErrorLine(await build(componentFolder("clash", clash)))).toMatch(/manifest\.name: "http" is a built-in component/);
    expect(expectOneErrorLine(await build(componentFolder("unversioned", clash, { name: "x", main: "index.ts" })))).toMatch(/"version" must be a version like 1\.0\.0/);
    expect(JSON.parse((await h.interflow(["component", "list", "--json"])).stdout).components).toHaveLength(before);
    expect(expectOneErrorLine(await h.interflow(["component", "remove", "nope"]))).toMatch(/name: no component "nope" is installed/);
  }, 120_000);
});
