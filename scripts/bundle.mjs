// Bundles a Node entry point (worker, gateway, runner, CLI) into one ESM file with esbuild.
// Workspace packages (@interflow/*) are bundled from their TypeScript source; every other
// package stays an import resolved from node_modules at run time.
// Usage (from a package folder): node ../../scripts/bundle.mjs src/main.ts dist/main.js
import { build } from "esbuild";

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: bundle.mjs <entry.ts> <outfile.js>");
  process.exit(1);
}

const externalDependencies = {
  name: "external-dependencies",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@interflow/")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [externalDependencies],
  banner: { js: "import { createRequire as __ifCreateRequire } from 'node:module'; const require = __ifCreateRequire(import.meta.url);" },
});
