#!/usr/bin/env node
// Builds @interflow/sdk for npm — JavaScript (ES modules, zod its only dependency) with type
// declarations — into dist/, writes the package's manifest there and packs it:
//   node scripts/pack.mjs [--out <dir>]   (prints the tarball's path)
// The workspace itself uses the TypeScript sources; what is published is dist/.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(here, "dist");
const outIndex = process.argv.indexOf("--out");
const out = path.resolve(outIndex > 0 ? (process.argv[outIndex + 1] ?? ".") : here);
const source = JSON.parse(readFileSync(path.join(here, "package.json"), "utf8"));
const require = createRequire(import.meta.url);

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
const entries = Object.entries(source.exports).map(([subpath, file]) => ({ subpath, name: path.basename(file, ".ts"), file: path.join(here, file) }));
const { build } = await import(require.resolve("esbuild"));
await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e.name, e.file])),
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: Object.keys(source.dependencies ?? {}),
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
}).catch((error) => fail(`esbuild: ${error.message}`));

const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(here, "tsconfig.build.json")], { encoding: "utf8" });
if (tsc.status !== 0) fail(`tsc: ${(tsc.stdout + tsc.stderr).trim().split("\n")[0]}`);
// the declarations name their neighbours as the sources do ("./component"); Node's ESM resolution
// (a consumer with "moduleResolution": "NodeNext") needs the file: "./component.js"
for (const file of readdirSync(dist)) {
  if (!file.endsWith(".d.ts") || !statSync(path.join(dist, file)).isFile()) continue;
  const text = readFileSync(path.join(dist, file), "utf8").replace(/(from |import\()(["'])(\.\.?\/[^"']+?)(\2)/g, (_, keyword, quote, specifier) =>
    `${keyword}${quote}${specifier.endsWith(".js") ? specifier : `${specifier}.js`}${quote}`,
  );
  writeFileSync(path.join(dist, file), text);
}

const manifest = {
  name: source.name,
  version: source.version,
  description: "Write Interflow components: triggers, actions, credentials and their forms, and a harness to test them",
  license: JSON.parse(readFileSync(path.join(here, "../../package.json"), "utf8")).license,
  type: "module",
  engines: { node: ">=20" },
  exports: Object.fromEntries(entries.map((e) => [e.subpath, { types: `./${e.name}.d.ts`, default: `./${e.name}.js` }])),
  types: "./index.d.ts",
  dependencies: source.dependencies,
  keywords: ["interflow", "integration", "component", "sdk"],
};
writeFileSync(path.join(dist, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(path.join(here, "README.md"), path.join(dist, "README.md"));
copyFileSync(path.join(here, "../../LICENSE"), path.join(dist, "LICENSE"));

mkdirSync(out, { recursive: true });
const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: dist, encoding: "utf8" });
if (pack.status !== 0) fail(`npm pack: ${pack.stderr.trim().split("\n").pop()}`);
const [packed] = JSON.parse(pack.stdout);
console.log(path.join(out, packed.filename));
