import path from "node:path";
import { buildComponent } from "../component/build-component";
import { scaffoldComponent } from "../component/scaffold-component";
import { formatJson, formatTable } from "../output";
import type { CommandContext } from "./context";

/**
 * `interflow component build <dir> [--json]`: the component packaged into its own image FROM the
 * runner's and installed in the workspace, in one command. What each stage did is printed once it
 * all worked (a failure is one error line).
 */
export async function componentBuild({ dir, json }: { dir: string; json: boolean }, { client, io, cwd }: CommandContext) {
  const folder = path.resolve(cwd, dir);
  const stages: string[] = [];
  const built = await buildComponent(folder, { runnerImage: process.env.INTERFLOW_RUNNER_IMAGE, log: (line) => stages.push(line) });
  const installed = await client.components.install.mutate({ manifest: built.manifest, image: built.image, bundle: built.bundle });
  const functions = Object.entries(built.manifest.functions);
  const result = {
    name: installed.name,
    version: installed.version,
    replaced: installed.replaced,
    image: built.image,
    imageBuilt: built.built,
    bundleSha256: built.bundleSha256,
    triggers: functions.filter(([, fn]) => fn.kind === "trigger").map(([name]) => name),
    actions: functions.filter(([, fn]) => fn.kind === "action").map(([name]) => name),
  };
  if (json) return io.stdout(formatJson(result));
  io.stdout(stages.map((line) => `${line}\n`).join(""));
  const what = installed.replaced ? `replacing ${installed.replaced}` : "new in this workspace";
  io.stdout(
    `installed ${result.name} ${result.version} (${what}): image ${result.image}; triggers: ${result.triggers.join(", ") || "none"}; actions: ${result.actions.join(", ") || "none"}\n`,
  );
}

/** `interflow component list [--json]` */
export async function componentList({ json }: { json: boolean }, { client, io }: CommandContext) {
  const result = await client.components.installed.query();
  if (json) return io.stdout(formatJson(result));
  if (result.components.length === 0) return io.stdout("no custom components yet; package one with `interflow component build <dir>`\n");
  io.stdout(
    formatTable(
      ["NAME", "VERSION", "IMAGE", "TRIGGERS", "ACTIONS", "INSTALLED"],
      result.components.map((c) => [c.name, c.version, c.image, c.triggers.join(",") || "-", c.actions.join(",") || "-", `${new Date(c.installedAt).toISOString()} by ${c.installedBy}`]),
    ),
  );
}

/** `interflow component remove <name>` */
export async function componentRemove({ name }: { name: string }, { client, io }: CommandContext) {
  const removed = await client.components.uninstall.mutate({ name });
  io.stdout(`removed component ${removed.name} ${removed.version}\n`);
}

/** `interflow component init <name> [--dir <folder>]`: a new component's folder, ready to test and build */
export async function componentInit({ name, dir }: { name: string; dir?: string }, { io, cwd }: CommandContext) {
  const folder = path.resolve(cwd, dir ?? name);
  const made = scaffoldComponent(name, folder);
  const shown = path.relative(cwd, folder) || ".";
  io.stdout(
    [
      `created component ${made.name} in ${shown}: ${made.files.join(", ")}`,
      "next:",
      `  cd ${shown} && npm install && npm test    (its functions against a local stand-in of the API)`,
      `  interflow component build ${shown}        (its own image, installed in your workspace)`,
      "",
    ].join("\n"),
  );
}
