import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type ComponentManifest, componentImageOf, componentManifestSchema, componentOfModule, manifestOf } from "@interflow/sdk";
import { CliError } from "../errors";

/** the image a component's image is built FROM (npm run docker:images builds it) */
export const DEFAULT_RUNNER_IMAGE = "interflow/runner:latest";
/** where the runner image expects custom components' code (docker/runner.Dockerfile's WORKDIR) */
const COMPONENTS_IN_IMAGE = "/opt/interflow/components";

export interface BuiltComponent {
  manifest: ComponentManifest;
  /** the image's reference: interflow/component-<name>:<version>-<first 12 hex digits of the code's sha256> */
  image: string;
  /** the component's code, one ES module with every dependency inside */
  bundle: string;
  bundleSha256: string;
  /** whether the image had to be built (false: one with this code was there) */
  built: boolean;
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  interflow?: { entry?: string };
}

/** node_modules the component may use from the platform (@interflow/sdk, zod), found from the CLI's own location */
function platformNodeModules(): string[] {
  const found: string[] = [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules");
    if (existsSync(path.join(candidate, "@interflow", "sdk"))) found.push(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return found;
    dir = parent;
  }
}

function readPackage(dir: string): { pkg: PackageJson; entry: string } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir}: no such folder`);
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) throw new CliError(`${dir}: no package.json; a component is a folder with a package.json and a module whose default export is defineComponent(…)`);
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
  } catch (error) {
    throw new CliError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const candidates = [pkg.interflow?.entry, pkg.main, "src/index.ts", "index.ts", "index.mjs", "index.js"].filter((c): c is string => typeof c === "string");
  const entry = candidates.map((c) => path.resolve(dir, c)).find((c) => existsSync(c));
  if (!entry) throw new CliError(`${file}: no entry module; set "main" (or "interflow": { "entry": … }) to the file that exports the component`);
  return { pkg, entry };
}

/** The component's code as one ES module: its dependencies inside, node's built-ins outside. */
async function bundle(entry: string, outfile: string): Promise<void> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    nodePaths: platformNodeModules(),
    legalComments: "none",
    logLevel: "silent",
    // CommonJS dependencies that require node's built-ins
    banner: { js: "import { createRequire as __ifCreateRequire } from 'node:module'; const require = __ifCreateRequire(import.meta.url);" },
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }) => {
    const first = error.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : "";
    throw new CliError(`bundling ${entry} failed: ${where}${first?.text ?? String(error)}`);
  });
  if (result.errors.length > 0) throw new CliError(`bundling ${entry} failed: ${result.errors[0]?.text}`);
}

/** Reads the built module as the runner will (its default export, or `component`) and describes it. */
async function manifestOfModule(file: string, version: string, entry: string): Promise<ComponentManifest> {
  let module: { default?: unknown; component?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    throw new CliError(`${entry} fails when loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const component = componentOfModule(module);
  if (!component) throw new CliError(`${entry} exports no component: export default defineComponent({ … }) from @interflow/sdk`);
  let manifest: ComponentManifest;
  try {
    manifest = manifestOf(component, version);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const checked = componentManifestSchema.safeParse(manifest);
  if (!checked.success) throw new CliError(`component "${manifest.name}": ${checked.error.issues.map((i) => i.message).join("; ")}`);
  return manifest;
}

function docker(args: string[], what: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(new CliError(error.code === "ENOENT" ? "no docker command on this machine: install Docker to build component images" : `${what}: ${error.message}`)),
    );
    child.on("close", (code) => {
      if (code === 0) return resolve(stdout.trim());
      const line = stderr.trim().split("\n").pop() ?? "";
      if (/Cannot connect to the Docker daemon|Is the docker daemon running/i.test(stderr)) reject(new CliError("no Docker daemon reachable: start dockerd (npm start does when Docker is installed)"));
      else reject(new CliError(`${what} failed: ${line}`));
    });
    child.stdin.end(input ?? "");
  });
}

/** `docker image inspect --format <format>`: its answer, or null when there is no such image. */
const inspectImage = (image: string, format: string) =>
  docker(["image", "inspect", "--format", format, image], "docker image inspect").catch((error: CliError) => {
    if (/no such image|No such object/i.test(error.message)) return null;
    throw error;
  });

/** the label naming the runner image (by id) a component's image was built FROM */
const RUNNER_LABEL = "interflow.component.runner";

/**
 * Packages the component in `dir` into its own image FROM the runner's: its code bundled into one
 * module (checked by loading it and describing it as a manifest), copied into the image where the
 * runner imports it. The image is tagged by version and code; unchanged code on the same runner image is not built again.
 */
export async function buildComponent(dir: string, options: { runnerImage?: string; log?: (line: string) => void } = {}): Promise<BuiltComponent> {
  const log = options.log ?? (() => {});
  const runnerImage = options.runnerImage ?? DEFAULT_RUNNER_IMAGE;
  // it goes into the Dockerfile's FROM line: a reference, nothing else
  if (!/^[a-z0-9]+(?:[._/:-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/.test(runnerImage)) {
    throw new CliError(`INTERFLOW_RUNNER_IMAGE: "${runnerImage}" is not a Docker image reference`);
  }
  const { pkg, entry } = readPackage(dir);
  const version = pkg.version ?? "";
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new CliError(`${path.join(dir, "package.json")}: "version" must be a version like 1.0.0 (got "${version}")`);

  const work = mkdtempSync(path.join(os.tmpdir(), "interflow-component-"));
  try {
    const started = Date.now();
    const moduleFile = path.join(work, "component.mjs");
    await bundle(entry, moduleFile);
    const code = readFileSync(moduleFile, "utf8");
    const bundleSha256 = createHash("sha256").update(code).digest("hex");
    const manifest = await manifestOfModule(moduleFile, version, entry);
    log(`bundled  ${manifest.name} ${version}: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);

    const image = componentImageOf(manifest.name, version, bundleSha256);
    const runnerId = await inspectImage(runnerImage, "{{.Id}}");
    if (!runnerId) throw new CliError(`the runner image ${runnerImage} is missing: build it with npm run docker:images (npm start does when Docker runs)`);
    // the same code on the same runner: nothing to build (a new runner, say after an upgrade, builds it again)
    if ((await inspectImage(image, `{{index .Config.Labels "${RUNNER_LABEL}"}}`)) === runnerId) {
      log(`image    ${image} present: build skipped`);
      return { manifest, image, bundle: code, bundleSha256, built: false };
    }
    const inImage = `${COMPONENTS_IN_IMAGE}/${manifest.name}/component.mjs`;
    // the runner image has no shell: COPY, ENV and LABEL only
    writeFileSync(
      path.join(work, "Dockerfile"),
      [
        `FROM ${runnerImage}`,
        `LABEL interflow.component=${JSON.stringify(manifest.name)} interflow.component.version=${JSON.stringify(version)} interflow.component.sha256=${JSON.stringify(bundleSha256)} ${RUNNER_LABEL}=${JSON.stringify(runnerId)}`,
        `COPY component.mjs ${inImage}`,
        `ENV INTERFLOW_COMPONENT_MODULES=${inImage}`,
        "",
      ].join("\n"),
    );
    const building = Date.now();
    await docker(["build", "--quiet", "--tag", image, work], `docker build of ${image}`);
    log(`image    ${image} built FROM ${runnerImage} in ${Date.now() - building} ms`);
    return { manifest, image, bundle: code, bundleSha256, built: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
