// Entry of the bundled CLI (dist/main.js, loaded by bin/interflow.mjs): runs the command line.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli";
import { readProcessStdin } from "./value-sources";

// `interflow flow list | head -1`: a reader that went away is not an error of ours
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), stdin: readProcessStdin },
  { env: process.env, cwd: process.cwd(), cliDir: path.dirname(fileURLToPath(import.meta.url)) },
);
