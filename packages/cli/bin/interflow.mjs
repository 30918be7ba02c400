#!/usr/bin/env node
// Entry of the `interflow` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const bundle = fileURLToPath(new URL("../dist/main.js", import.meta.url));
if (!existsSync(bundle)) {
  console.error("error: the CLI is not built yet; run `npm run build` (or `npm start`) in the Interflow repository first");
  process.exit(1);
}
await import(bundle);
