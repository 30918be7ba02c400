import type { Db } from "../db";

/** Whether the person is the installation's admin (creates workspaces, installs components). */
export async function isInstallationAdmin(db: Db, p: { userId: string }): Promise<boolean> {
  const user = await db.prisma.user.findUnique({ where: { id: p.userId }, select: { installationAdmin: true } });
  return user?.installationAdmin === true;
}
