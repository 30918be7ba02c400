// What `npm start` (and `npm test`) need from the system, installed when missing and allowed:
// Debian/Ubuntu packages through apt-get, as root or with `sudo -n`; `INTERFLOW_INSTALL=0` turns it off.
import { spawnSync } from "node:child_process";

/** `command` is on the PATH */
export function hasCommand(command, env = process.env) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { env, stdio: "ignore" }).status === 0;
}

let updated = false;

/**
 * Makes sure `command` is there: installs Debian's `pkg` when it is missing and installing is
 * allowed and possible, saying in one line what it installs and why. Answers `{ missing }` (one
 * line: what to run) when it is not there and cannot be had; `{ installed }` when it installed it.
 */
export function ensureCommand({ command, pkg, why, log = () => {}, env = process.env }) {
  if (hasCommand(command, env)) return { installed: false };
  const manual = `sudo apt-get install ${pkg}`;
  if (env.INTERFLOW_INSTALL === "0") return { missing: `${command} is not installed (INTERFLOW_INSTALL=0: nothing is installed for you): install it with \`${manual}\`` };
  if (!hasCommand("apt-get", env)) return { missing: `${command} is not installed, and this is not a Debian/Ubuntu system: install ${pkg} with its package manager` };
  const root = process.getuid?.() === 0 ? [] : spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0 ? ["sudo", "-n"] : null;
  if (!root) return { missing: `${command} is not installed, and installing it needs root: run \`${manual}\`` };
  log(`installing ${pkg} (Debian package, once): ${why}`);
  const apt = (args) => {
    const [program, ...rest] = [...root, "apt-get", ...args];
    return spawnSync(program, rest, { env: { ...env, DEBIAN_FRONTEND: "noninteractive" }, encoding: "utf8", timeout: 15 * 60_000 });
  };
  if (!updated) {
    const update = apt(["update", "-qq"]);
    if (update.status !== 0) return { missing: `${command} is not installed, and apt-get update failed (${lastLine(update)}): run \`${manual}\`` };
    updated = true;
  }
  const install = apt(["install", "-y", "-qq", "--no-install-recommends", pkg]);
  if (install.status !== 0 || !hasCommand(command, env)) return { missing: `installing ${pkg} failed (${lastLine(install)}): run \`${manual}\`` };
  return { installed: true };
}

function lastLine(result) {
  const text = `${result.stderr ?? ""}\n${result.stdout ?? ""}`.trim().split("\n").filter(Boolean);
  return text.at(-1) ?? (result.error ? result.error.message : `exit ${result.status}`);
}
