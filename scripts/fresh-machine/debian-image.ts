// Images the machine tests build on: Debian bookworm as debootstrap makes it (a fresh server's
// root filesystem), and a Node 20 image on it like node:20-slim (node, npm, a `node` user), for
// machines whose Docker has no registry to pull node:20-slim from.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureCommand } from "../install-packages.mjs";

export const DEBIAN_IMAGE = "interflow/test-debian:bookworm";
export const NODE_IMAGE = "interflow/test-node:20";
const MIRROR = process.env.INTERFLOW_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";

/** npm, as Node 20's installers bring it: the one beside this Node */
export const npmDir = path.resolve(path.dirname(process.execPath), "../lib/node_modules/npm");

export const docker = (args: string[], input?: string) => spawnSync("docker", args, { encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });

/** Debian bookworm (debootstrap, minbase) imported as an image, once. */
export function ensureDebianImage(): void {
  if (docker(["image", "inspect", DEBIAN_IMAGE]).status === 0) return;
  const tool = ensureCommand({ command: "debootstrap", pkg: "debootstrap", why: "the machine tests build a Debian root filesystem with it", log: console.log });
  if (tool.missing) throw new Error(tool.missing);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "interflow-rootfs-"));
  try {
    const rootfs = path.join(scratch, "rootfs");
    const made = spawnSync("debootstrap", ["--variant=minbase", "bookworm", rootfs, MIRROR], { encoding: "utf8", timeout: 10 * 60_000 });
    if (made.status !== 0) throw new Error(`debootstrap failed: ${(made.stderr || made.stdout).trim().split("\n").at(-1)}`);
    const imported = spawnSync("sh", ["-c", `tar -C '${rootfs}' -c . | docker import - ${DEBIAN_IMAGE}`], { encoding: "utf8" });
    if (imported.status !== 0) throw new Error(`docker import failed: ${imported.stderr.trim()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * node:20-slim's equivalent on that Debian: this Node and its npm, a `node` user (uid 1000), and
 * this machine's certificate authorities when it names extra ones (NODE_EXTRA_CA_CERTS: a proxy
 * in front of the npm registry).
 */
export function ensureNodeImage(): void {
  ensureDebianImage();
  if (docker(["image", "inspect", NODE_IMAGE]).status === 0) return;
  const context = mkdtempSync(path.join(os.tmpdir(), "interflow-node-image-"));
  try {
    copyFileSync(process.execPath, path.join(context, "node"));
    cpSync(npmDir, path.join(context, "npm"), { recursive: true });
    const extraCa = process.env.NODE_EXTRA_CA_CERTS;
    const withCa = extraCa !== undefined && existsSync(extraCa);
    if (withCa) copyFileSync(extraCa, path.join(context, "extra-ca.crt"));
    writeFileSync(
      path.join(context, "Dockerfile"),
      [
        `FROM ${DEBIAN_IMAGE}`,
        "COPY node /usr/local/bin/node",
        "COPY npm /usr/local/lib/node_modules/npm",
        ...(withCa ? ["COPY extra-ca.crt /usr/local/share/interflow/extra-ca.crt", "ENV NODE_EXTRA_CA_CERTS=/usr/local/share/interflow/extra-ca.crt"] : []),
        "RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\",
        " && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node",
        'CMD ["node"]',
        "",
      ].join("\n"),
    );
    const built = docker(["build", "-q", "-t", NODE_IMAGE, context]);
    if (built.status !== 0) throw new Error(`building ${NODE_IMAGE} failed: ${built.stderr.trim().split("\n").at(-1)}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
