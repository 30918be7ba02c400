import type { Db } from "../db";

/** False only on a fresh installation, before its owner has signed up. */
export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.prisma.user.findFirst({ select: { id: true } })) !== null;
}
