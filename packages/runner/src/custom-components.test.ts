import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCustomComponents } from "./custom-components";

const dir = mkdtempSync(path.join(os.tmpdir(), "runner-custom-"));
const file = (name: string, code: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, code);
  return at;
};

describe("a runner's custom components", () => {
  it("imports each module named, taking its default export or `component`", async () => {
    const a = file("a.mjs", `export default { name: "a", functions: { go: {} } };`);
    const b = file("b.mjs", `export const component = { name: "b", functions: {} };`);
    expect((await loadCustomComponents(`${a}:${b}`)).map((c) => c.name)).toEqual(["a", "b"]);
    expect(await loadCustomComponents(undefined)).toEqual([]);
  });

  it("names the file that is not a component, or not an absolute path", async () => {
    const none = file("none.mjs", "export const x = 1;");
    await expect(loadCustomComponents(none)).rejects.toThrow(`INTERFLOW_COMPONENT_MODULES: ${none} exports no component`);
    await expect(loadCustomComponents("relative/c.mjs")).rejects.toThrow(/"relative\/c\.mjs" is not an absolute path/);
  });
});
