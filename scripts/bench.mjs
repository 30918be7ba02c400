// `npm run bench`: builds, then runs bench/run.ts (see there).
import { spawnSync } from "node:child_process";
import { build, checkNode, ensureInstalled, repoRoot } from "./prepare.mjs";

checkNode();
ensureInstalled();
build();
const result = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts"], { cwd: repoRoot, stdio: "inherit" });
process.exit(result.status ?? 1);
