import { test as base } from "@playwright/test";
import { AppHeader } from "./pages/app-header";
import { AuditTab } from "./pages/audit-tab";
import { CredentialsTab } from "./pages/credentials-tab";
import { DashboardPage } from "./pages/dashboard-page";
import { DesignerPage } from "./pages/designer-page";
import { ExecutionPage } from "./pages/execution-page";
import { FlowDetailPage } from "./pages/flow-detail-page";
import { FlowsPage } from "./pages/flows-page";
import { InvitePage } from "./pages/invite-page";
import { MembersTab } from "./pages/members-tab";
import { SetupPage } from "./pages/setup-page";
import { SignInPage } from "./pages/sign-in-page";
import { TokensTab } from "./pages/tokens-tab";
import { WorkspaceTab } from "./pages/workspace-tab";
import { Cli } from "./support/cli";
import { OWNER } from "./support/owner";
import { type E2EPlatform, readPlatform } from "./support/platform";
import { ReusableSession } from "./support/session";

interface PageFixtures {
  setupPage: SetupPage;
  signInPage: SignInPage;
  flowsPage: FlowsPage;
  dashboardPage: DashboardPage;
  flowDetailPage: FlowDetailPage;
  executionPage: ExecutionPage;
  designerPage: DesignerPage;
  credentialsTab: CredentialsTab;
  header: AppHeader;
  workspaceTab: WorkspaceTab;
  membersTab: MembersTab;
  tokensTab: TokensTab;
  auditTab: AuditTab;
  invitePage: InvitePage;
  /** Signs the test's browser context in as the owner (a session shared by the worker's specs). */
  signInAsOwner: () => Promise<void>;
}

interface WorkerFixtures {
  platform: E2EPlatform;
  cli: Cli;
  ownerSession: ReusableSession;
}

export const test = base.extend<PageFixtures, WorkerFixtures>({
  platform: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured
    async ({}, use) => {
      await use(readPlatform());
    },
    { scope: "worker" },
  ],
  cli: [
    async ({ platform }, use) => {
      await use(new Cli(platform));
    },
    { scope: "worker" },
  ],
  ownerSession: [
    async ({ platform }, use) => {
      await use(new ReusableSession(platform.webUrl, OWNER));
    },
    { scope: "worker" },
  ],
  baseURL: async ({ platform }, use) => {
    await use(platform.webUrl);
  },
  setupPage: async ({ page }, use) => {
    await use(new SetupPage(page));
  },
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  flowsPage: async ({ page }, use) => {
    await use(new FlowsPage(page));
  },
  dashboardPage: async ({ page }, use) => {
    await use(new DashboardPage(page));
  },
  credentialsTab: async ({ page }, use) => {
    await use(new CredentialsTab(page));
  },
  designerPage: async ({ page }, use) => {
    await use(new DesignerPage(page));
  },
  flowDetailPage: async ({ page }, use) => {
    await use(new FlowDetailPage(page));
  },
  executionPage: async ({ page }, use) => {
    await use(new ExecutionPage(page));
  },
  header: async ({ page }, use) => {
    await use(new AppHeader(page));
  },
  workspaceTab: async ({ page }, use) => {
    await use(new WorkspaceTab(page));
  },
  membersTab: async ({ page }, use) => {
    await use(new MembersTab(page));
  },
  tokensTab: async ({ page }, use) => {
    await use(new TokensTab(page));
  },
  auditTab: async ({ page }, use) => {
    await use(new AuditTab(page));
  },
  invitePage: async ({ page }, use) => {
    await use(new InvitePage(page));
  },
  signInAsOwner: async ({ context, ownerSession }, use) => {
    await use(async () => {
      await context.addCookies(await ownerSession.validCookies());
    });
  },
});

export { expect } from "@playwright/test";
