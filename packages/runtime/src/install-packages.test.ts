// What npm start installs for itself (scripts/install-packages.mjs): a missing Debian package, as
// root through the real apt-get; or one line saying what to run when it may not or cannot.
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCommand, hasCommand } from "../../../scripts/install-packages.mjs";

// GNU hello: a small Debian package no part of Interflow uses
const pkg = { command: "hello", pkg: "hello", why: "the test needs it" };
const root = process.getuid?.() === 0 && hasCommand("apt-get");
const remove = () => spawnSync("apt-get", ["remove", "-y", "-qq", "hello"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });

afterAll(() => {
  if (root) remove();
});

describe("installing what is missing", () => {
  it("says in one line what to run when installing is turned off, and installs nothing", () => {
    if (root) remove();
    if (hasCommand("hello")) return; // installed by someone else: nothing to learn here
    const lines: string[] = [];
    expect(ensureCommand({ ...pkg, log: (l) => lines.push(l), env: { ...process.env, INTERFLOW_INSTALL: "0" } })).toEqual({
      missing: "hello is not installed (INTERFLOW_INSTALL=0: nothing is installed for you): install it with `sudo apt-get install hello`",
    });
    expect(lines).toEqual([]);
    expect(hasCommand("hello")).toBe(false);
  });

  it("says what to install with where there is no apt-get", () => {
    expect(ensureCommand({ ...pkg, env: { PATH: "/nonexistent" } })).toEqual({ missing: "hello is not installed, and this is not a Debian/Ubuntu system: install hello with its package manager" });
  });

  it.runIf(root)("installs a missing package with apt-get as root, saying what and why, once", { timeout: 600_000 }, () => {
    remove();
    expect(hasCommand("hello")).toBe(false);
    const lines: string[] = [];
    expect(ensureCommand({ ...pkg, log: (l) => lines.push(l) })).toEqual({ installed: true });
    expect(lines).toEqual(["installing hello (Debian package, once): the test needs it"]);
    expect(spawnSync("hello", [], { encoding: "utf8" }).stdout).toBe("Hello, world!\n");
    // there now: nothing more to do, nothing said
    expect(ensureCommand({ ...pkg, log: (l) => lines.push(l) })).toEqual({ installed: false });
    expect(lines).toHaveLength(1);
  });
});
