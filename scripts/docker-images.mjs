// `npm run docker:images`: builds the step runner's image for INTERFLOW_RUNTIME=docker without a
// registry (see scripts/docker-images-lib.mjs): interflow/runner:<hash>, tagged :latest too.
// Prints one line per stage; --json prints only {"base","runner","hash"} (for scripts and CI).
import { fail } from "./prepare.mjs";
import { buildRunnerImage } from "./docker-images-lib.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const unknown = args.filter((arg) => arg !== "--json");
if (unknown.length > 0) fail(`unknown argument ${unknown[0]} (usage: node scripts/docker-images.mjs [--json])`);

try {
  const result = await buildRunnerImage({ log: json ? () => {} : (line) => console.log(line) });
  console.log(json ? JSON.stringify(result) : `runner image: ${result.runner}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
