import { z } from "zod";
import { installationRightsOf } from "../../installation-rights";
import { personProcedure } from "../../trpc";

/** What the installation lets the signed-in person do beyond their workspaces (the web app shows or hides "New workspace"). */
export const getRightsProcedure = personProcedure
  .output(z.object({ installationAdmin: z.boolean(), canCreateWorkspaces: z.boolean() }))
  .query(({ ctx }) => installationRightsOf(ctx.services, { person: ctx.person }));
