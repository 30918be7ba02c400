import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";

/** The database handle every repository function takes first. */
export type Db = {
  prisma: PrismaClient;
  /**
   * A plain connection pool (opened on first use) for bulk statements whose parameters are large
   * texts: Prisma copies and inspects every argument, which costs more than the statement.
   */
  bulk(): pg.Pool;
  close(): Promise<void>;
};

export function createDb(databaseUrl: string): Db {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  let pool: pg.Pool | undefined;
  return {
    prisma,
    bulk: () => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
        // an idle connection the server closed is replaced on the next use; nothing to do here
        pool.on("error", () => {});
      }
      return pool;
    },
    close: async () => {
      await Promise.all([prisma.$disconnect(), pool?.end()]);
    },
  };
}
