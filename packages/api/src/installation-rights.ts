import { isInstallationAdmin } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import type { Caller, Person } from "./context";
import type { ApiServices } from "./services";

/**
 * What the installation lets a caller do beyond their workspaces: its admin (the first person, or
 * the installation's admin token) creates workspaces and installs components — a component's code
 * runs on the installation's machines. INTERFLOW_OPEN_WORKSPACES=1 lets everyone create workspaces.
 */
export interface InstallationRights {
  installationAdmin: boolean;
  canCreateWorkspaces: boolean;
}

export async function installationRightsOf(services: ApiServices, who: { caller?: Caller | null; person?: Person | null }): Promise<InstallationRights> {
  const adminToken = who.caller?.kind === "token" && who.caller.user === null;
  const userId = who.caller?.user?.id ?? who.person?.id;
  const installationAdmin = adminToken || (userId !== undefined && (await isInstallationAdmin(services.db, { userId })));
  return { installationAdmin, canCreateWorkspaces: installationAdmin || services.openWorkspaces };
}

export async function requireWorkspaceCreation(services: ApiServices, who: { person: Person }): Promise<void> {
  if ((await installationRightsOf(services, who)).canCreateWorkspaces) return;
  throw new AppError(
    AppErrorCode.Forbidden,
    "only the installation's admin creates workspaces here: ask them for one, or for an invitation to one (INTERFLOW_OPEN_WORKSPACES=1 lets everyone)",
  );
}

export async function requireComponentInstalling(services: ApiServices, who: { caller: Caller }): Promise<void> {
  if ((await installationRightsOf(services, who)).installationAdmin) return;
  throw new AppError(AppErrorCode.Forbidden, "only the installation's admin installs components: a component's code runs on the installation's machines");
}
