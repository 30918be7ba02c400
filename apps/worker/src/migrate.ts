// `node apps/worker/dist/migrate.js`: the database brought up to date (pending migrations), then
// the default workspace and its admin token (printed once) — what `npm start` does before the
// platform starts, for installations that run the processes themselves (Compose's `migrate`).
import { applyMigrations, createDb, ensureDefaultWorkspace } from "@interflow/db";
import { createPlatformLogger, environmentSecrets, loadSecretFiles, rememberSecrets } from "@interflow/queue";

const logger = createPlatformLogger({ service: "migrate" });
// secret settings given as files (<NAME>_FILE: Compose's generated ones), read before anything else
try {
  loadSecretFiles();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}
rememberSecrets(environmentSecrets(), { pinned: true });

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  logger.error("DATABASE_URL is not set: the PostgreSQL database to bring up to date");
  process.exit(2);
}
try {
  // each migration applied, or that there was none to apply, said by applyMigrations
  await applyMigrations({ databaseUrl, log: (line) => logger.info(line) });
  const db = createDb(databaseUrl);
  const { adminToken } = await ensureDefaultWorkspace(db);
  await db.close();
  // on stdout as is, once: the one time it can be read
  if (adminToken) process.stdout.write(`admin API token (shown once, keep it): ${adminToken}\n`);
} catch (error) {
  logger.error("migration failed", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
