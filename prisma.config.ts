// Prisma 7 reads the connection URL here, not from schema.prisma. Only `prisma generate` runs on
// our machines (the migrate CLI needs a native engine we cannot download); migrations are written
// by `npm run db:migration` and applied by applyMigrations() in packages/db. On a machine with
// internet `npx prisma migrate deploy` applies the same prisma/migrations.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
