// Builds the step runner's Docker image (interflow/runner:<hash>, also :latest) without a registry:
// the runner bundled into ONE self-contained ESM file (every dependency inside, no node_modules in
// the image) on a Node base image that the daemon has already (node:20-slim, INTERFLOW_BASE_IMAGE)
// or that is imported from this machine's own Node binary and the libraries it links.
// Every stage is skipped when its image exists, so a second run takes seconds.
// Used by `npm run docker:images` (scripts/docker-images.mjs); importable by tests and tools.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runnerEntry = path.join(repoRoot, "packages/runner/src/main.ts");
const dockerfile = path.join(repoRoot, "docker/runner.Dockerfile");
/** the build context: only the bundle and its map are sent to the daemon */
const contextDir = path.join(repoRoot, "docker/.build/runner");
const RUNNER_REPOSITORY = "interflow/runner";
const DEFAULT_BASE = "node:20-slim";
/** the unprivileged user the runner runs as (USER in docker/runner.Dockerfile) */
const RUNNER_UID = 10001;

/**
 * Bundles the runner, makes sure a base image exists, builds the runner image on it.
 * `log` gets one line per stage. Throws an Error whose message is one line a person can act on
 * (e.g. when no Docker daemon answers).
 */
export async function buildRunnerImage({ log = () => {} } = {}) {
  const daemon = await checkDaemon();
  log(`docker   daemon ${daemon.version} at ${daemon.where}`);

  let started = Date.now();
  const bundle = await bundleRunner();
  log(`bundle   ${path.relative(repoRoot, bundle.file)}, ${megabytes(bundle.bytes)} (+ source map) in ${seconds(started)}`);

  started = Date.now();
  const base = await ensureBaseImage(log);
  log(`base     ${base.image} ${base.built ? `imported in ${seconds(started)}` : "present"}, ${megabytes(base.size)}`);

  // what the image is made of, so an unchanged runner on an unchanged base is not built again
  const hash = createHash("sha256");
  for (const file of [bundle.file, `${bundle.file}.map`, ...bundle.beside, dockerfile]) hash.update(readFileSync(file));
  hash.update(base.id);
  const bundleHash = hash.digest("hex").slice(0, 12);
  const runner = `${RUNNER_REPOSITORY}:${bundleHash}`;

  started = Date.now();
  if (await imageInfo(runner)) {
    log(`runner   ${runner} present: build skipped`);
  } else {
    await docker(
      ["build", "--quiet", "--file", dockerfile, "--build-arg", `BASE_IMAGE=${base.image}`, "--build-arg", `BUNDLE_HASH=${bundleHash}`, "--tag", runner, contextDir],
      "docker build of the runner image",
    );
    const { size } = await imageInfo(runner);
    log(`runner   ${runner} built in ${seconds(started)}, ${megabytes(size)}`);
  }
  // :latest is what the worker runs by default (INTERFLOW_RUNNER_IMAGE); also after a skip, so it
  // points at this checkout's runner even when another one was built in between
  await docker(["tag", runner, `${RUNNER_REPOSITORY}:latest`], "docker tag");
  const removed = await removeOldRunnerImages(bundleHash);
  if (removed.length > 0) log(`runner   ${removed.length} older runner image${removed.length === 1 ? "" : "s"} removed (${removed.join(", ")})`);
  return { base: base.image, runner, hash: bundleHash };
}

/** runner images older than this are removed when another is built (unless a container uses one) */
const OLD_RUNNER_AGE_MS = 24 * 60 * 60_000;

/**
 * Every build of a changed checkout leaves an image behind; on a machine that builds often (CI, a
 * developer's) they fill the disk. Tags of other builds over a day old go; `docker rmi` without
 * force leaves any image a container (running or stopped) still uses, and a component image built
 * FROM one keeps its layers. A day, not at once: another checkout on this machine may be about to
 * start containers of its own build.
 */
async function removeOldRunnerImages(currentHash) {
  let listed;
  try {
    listed = await docker(["image", "ls", RUNNER_REPOSITORY, "--format", "{{.Tag}} {{.CreatedAt}}"], "docker image ls");
  } catch {
    return [];
  }
  const removed = [];
  for (const line of listed.split("\n").filter(Boolean)) {
    const [tag, ...created] = line.split(" ");
    if (tag === currentHash || tag === "latest" || tag === "<none>") continue;
    // "2026-12-07 14:53:15 +0000 UTC"
    const createdAt = Date.parse(created.slice(0, 3).join(" ").replace(" ", "T").replace(" ", ""));
    if (!Number.isFinite(createdAt) || Date.now() - createdAt < OLD_RUNNER_AGE_MS) continue;
    try {
      await docker(["rmi", `${RUNNER_REPOSITORY}:${tag}`], "docker rmi");
      removed.push(tag);
    } catch {
      // a container still uses it
    }
  }
  return removed;
}

// ---- Docker ---------------------------------------------------------------------------------

/** Runs a command; resolves with its stdout, rejects with `what` and the end of its stderr. */
function exec(command, args, what = `${command} ${args[0]}`) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", (error) => {
      const missing = error.code === "ENOENT";
      reject(Object.assign(new Error(missing ? `${command} not found on PATH` : `${what}: ${error.message}`), { missing }));
    });
    child.once("close", (code, signal) => {
      if (code === 0) return resolve(stdout.trim());
      const tail = (stderr.trim() || stdout.trim()).split("\n").slice(-20).join("\n");
      reject(Object.assign(new Error(`${what} failed (${signal ?? `exit ${code}`})${tail ? `:\n${tail}` : ""}`), { stderr }));
    });
  });
}

const docker = (args, what) => exec("docker", args, what);

/** The daemon's version, or an Error saying in one line why there is none to talk to. */
async function checkDaemon() {
  const where = (process.env.DOCKER_HOST ?? "/var/run/docker.sock").replace(/^unix:\/\//, "");
  try {
    return { version: await docker(["version", "--format", "{{.Server.Version}}"]), where };
  } catch (error) {
    if (error.missing) throw new Error("the docker command is not installed: install Docker (the engine and its CLI)");
    if (/permission denied/i.test(error.stderr ?? "")) throw new Error(`no permission to use the Docker daemon at ${where}: add this user to the docker group`);
    const hint = process.env.DOCKER_HOST ? "start it, or correct DOCKER_HOST" : "start dockerd (e.g. sudo systemctl start docker), or set DOCKER_HOST";
    throw new Error(`no Docker daemon at ${where}: ${hint}`);
  }
}

/** id and size of a local image; undefined when the daemon does not have it */
async function imageInfo(ref) {
  try {
    const [id, size] = (await docker(["image", "inspect", "--format", "{{.Id}} {{.Size}}", ref])).split(" ");
    return { id, size: Number(size) };
  } catch {
    return undefined;
  }
}

// ---- the bundle -----------------------------------------------------------------------------

async function bundleRunner() {
  // a fresh context: nothing stale is sent to the daemon or hashed
  rmSync(contextDir, { recursive: true, force: true });
  const file = path.join(contextDir, "runner.mjs");
  await build({
    entryPoints: [runnerEntry],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: true,
    // stack traces name the source files and lines; the sources themselves stay out of the map
    // (with them, loading the map cost a runner about 60 MB of its memory limit)
    sourcesContent: false,
    logLevel: "warning",
    // Native add-ons cannot live in one .js file. Each is optional: its package falls back to
    // JavaScript (msgpackr) or is only loaded when asked for (pg-native, valkey-glide).
    external: ["msgpackr-extract", "pg-native", "@valkey/valkey-glide"],
    // CommonJS dependencies (ioredis, pg, bullmq …) call require, __dirname and __filename: the
    // banner of scripts/bundle.mjs gives them require, `define` points the other two at the bundle
    define: { __dirname: "__ifDirname", __filename: "__ifFilename" },
    banner: {
      js: [
        "import { createRequire as __ifCreateRequire } from 'node:module'; const require = __ifCreateRequire(import.meta.url);",
        "import { fileURLToPath as __ifFileURLToPath } from 'node:url'; const __ifFilename = __ifFileURLToPath(import.meta.url); const __ifDirname = __ifFileURLToPath(new URL('.', import.meta.url));",
      ].join("\n"),
    },
  });
  // JSONata once more, as a file beside the bundle: expressions are evaluated in a child process
  // (packages/flow/src/sandbox) that loads it from there
  const beside = [];
  const jsonataDir = path.dirname(createRequire(runnerEntry).resolve("jsonata/package.json"));
  for (const name of ["package.json", "jsonata.js"]) {
    const target = path.join(contextDir, "node_modules/jsonata", name);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(jsonataDir, name), target);
    beside.push(target);
  }
  return { file, bytes: statSync(file).size, beside };
}

// ---- the base image -------------------------------------------------------------------------

/** INTERFLOW_BASE_IMAGE, else node:20-slim when present, else interflow/node-base:<host Node version> (imported once). */
async function ensureBaseImage(log) {
  const given = process.env.INTERFLOW_BASE_IMAGE;
  if (given) {
    const info = await imageInfo(given);
    if (!info) throw new Error(`INTERFLOW_BASE_IMAGE=${given}: the Docker daemon has no such image (docker load or docker pull it first)`);
    return { image: given, ...info, built: false };
  }
  const slim = await imageInfo(DEFAULT_BASE);
  if (slim) return { image: DEFAULT_BASE, ...slim, built: false };

  const image = `interflow/node-base:${process.versions.node}`;
  const present = await imageInfo(image);
  if (present) return { image, ...present, built: false };
  log(`base     ${DEFAULT_BASE} is not on the daemon and there is no registry: importing this machine's Node ${process.version} as ${image}`);
  await importBaseImage(image);
  return { image, ...(await imageInfo(image)), built: true };
}

/**
 * Builds a root filesystem holding nothing but this machine's Node binary, the libraries `ldd`
 * lists for it, what glibc reads to look up users and hosts, CA certificates and an empty /tmp,
 * then `docker import`s it. No shell, no package manager: a runner needs none.
 */
async function importBaseImage(image) {
  if (process.platform !== "linux") {
    throw new Error(`cannot make a Linux base image from this machine's Node (${process.platform}): docker load ${DEFAULT_BASE}, or set INTERFLOW_BASE_IMAGE`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), "interflow-node-base-"));
  try {
    const rootfs = path.join(work, "rootfs");
    mkdirSync(rootfs);

    // Merged-/usr hosts (Debian 12, Ubuntu …) make /lib, /lib64, /bin symlinks into /usr: the same
    // links in the image keep every path ldd prints (and the loader path inside node) valid.
    for (const top of ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]) {
      const hostPath = `/${top}`;
      if (!existsSync(hostPath) || !lstatSync(hostPath).isSymbolicLink()) continue;
      const target = readlinkSync(hostPath);
      symlinkSync(path.isAbsolute(target) ? path.relative("/", target) : target, path.join(rootfs, top));
    }

    copyInto(rootfs, process.execPath, "/usr/local/bin/node");
    mkdirSync(path.join(rootfs, "usr/bin"), { recursive: true });
    symlinkSync("../local/bin/node", path.join(rootfs, "usr/bin/node"), "file");

    const libraries = await linkedLibraries(process.execPath);
    // glibc loads these by name at run time (getpwuid, getaddrinfo): ldd cannot see them
    const libcDir = path.dirname(libraries.find((lib) => path.basename(lib).startsWith("libc.so")) ?? "/lib/x86_64-linux-gnu/libc.so.6");
    const loadedLater = ["libnss_files.so.2", "libnss_dns.so.2", "libresolv.so.2"].map((name) => path.join(libcDir, name)).filter((lib) => existsSync(lib));
    for (const lib of [...libraries, ...loadedLater]) {
      // the file itself where its directory really is (symlinks followed), reachable by ldd's path too
      copyInto(rootfs, lib, path.join(realpathSync(path.dirname(lib)), path.basename(lib)));
      if (!existsSync(path.join(rootfs, lib))) copyInto(rootfs, lib, lib);
    }

    const etc = (name, text, mode = 0o644) => {
      mkdirSync(path.dirname(path.join(rootfs, "etc", name)), { recursive: true });
      writeFileSync(path.join(rootfs, "etc", name), text, { mode });
    };
    etc("passwd", `root:x:0:0:root:/root:/usr/sbin/nologin\ninterflow:x:${RUNNER_UID}:${RUNNER_UID}:interflow:/home/interflow:/usr/sbin/nologin\n`);
    etc("group", `root:x:0:\ninterflow:x:${RUNNER_UID}:\n`);
    etc("nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n");
    // Docker mounts its own /etc/hosts and /etc/resolv.conf over these in a container
    etc("hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    etc("resolv.conf", "");
    // Node trusts its own CA list; this one is for NODE_EXTRA_CA_CERTS / --use-openssl-ca
    const caBundle = "/etc/ssl/certs/ca-certificates.crt";
    if (existsSync(caBundle)) copyInto(rootfs, caBundle, caBundle);

    for (const [dir, mode] of [
      ["tmp", 0o1777],
      ["root", 0o700],
      ["home/interflow", 0o755],
    ]) {
      mkdirSync(path.join(rootfs, dir), { recursive: true });
      chmodSync(path.join(rootfs, dir), mode); // mkdir's mode goes through the umask; chmod does not
    }

    // Everything root's, whoever runs this; then the runner user's home, appended with its owner.
    const tarball = path.join(work, "rootfs.tar");
    const owned = (uid) => ["--numeric-owner", `--owner=${uid}`, `--group=${uid}`];
    await exec("tar", ["--create", "--file", tarball, ...owned(0), "--exclude=./home/interflow", "--directory", rootfs, "."]);
    await exec("tar", ["--append", "--file", tarball, ...owned(RUNNER_UID), "--directory", rootfs, "./home/interflow"]);

    await docker(
      [
        "import",
        "--change",
        "ENV PATH=/usr/local/bin:/usr/bin:/bin",
        "--change",
        `ENV NODE_VERSION=${process.versions.node}`,
        "--change",
        'CMD ["node"]',
        "--message",
        `interflow: ${process.execPath} (Node ${process.version}) and the libraries it links`,
        tarball,
        image,
      ],
      "docker import of the base image",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // A base that cannot start node would make every runner image broken: prove it, else take it away.
  try {
    await docker(["run", "--rm", "--network", "none", "--user", `${RUNNER_UID}:${RUNNER_UID}`, image, "node", "-e", "require('os').userInfo()"]);
  } catch (error) {
    await docker(["rmi", image]).catch(() => {});
    throw new Error(`the imported base image ${image} cannot run node (removed it again): ${error.message}`);
  }
}

/** The absolute paths `ldd` prints for a binary, the dynamic loader included. */
async function linkedLibraries(binary) {
  let output;
  try {
    output = await exec("ldd", [binary]);
  } catch (error) {
    // a static binary: nothing to copy
    if (/not a dynamic executable/.test(error.message)) return [];
    if (error.missing) throw new Error(`ldd is not installed, so the libraries of ${binary} are unknown: docker load ${DEFAULT_BASE}, or set INTERFLOW_BASE_IMAGE`);
    throw error;
  }
  const missing = output.split("\n").filter((line) => line.includes("=> not found"));
  if (missing.length > 0) throw new Error(`${binary} needs libraries this machine lacks: ${missing.map((line) => line.trim()).join("; ")}`);
  return [...output.matchAll(/(\/\S+) \(0x[0-9a-f]+\)/g)].map((match) => match[1]);
}

/** Copies a host file (symlinks followed) into the root filesystem at `imagePath`, keeping its mode. */
function copyInto(rootfs, hostFile, imagePath) {
  const dest = path.join(rootfs, imagePath);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(hostFile, dest);
  chmodSync(dest, statSync(hostFile).mode & 0o7777);
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
