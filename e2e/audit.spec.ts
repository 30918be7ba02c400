import { expect, test } from "./fixtures";
import { addMember, callApi } from "./support/api";
import { OWNER } from "./support/owner";
import { newPerson } from "./support/people";
import { saveDocsScreenshot } from "./support/screenshots";

const PAGE_SIZE = 50; // the Audit tab loads this many at a time

test("the owner's audit trail shows their sign-in, a token's creation and a role change, 50 at a time", async ({
  page,
  platform,
  signInPage,
  flowsPage,
  tokensTab,
  membersTab,
  auditTab,
}) => {
  await signInPage.goto();
  await signInPage.signIn(OWNER); // recorded: this spec does not reuse the worker's session
  await expect(flowsPage.heading).toBeVisible();

  const tokenName = `audited ${Date.now().toString(36)}`;
  await tokensTab.goto();
  await tokensTab.create({ name: tokenName, expires: "Never expires" });

  const member = newPerson("Rita Role");
  await addMember(page.request, member, "editor");
  await membersTab.goto();
  await membersTab.setRole(member.email, "Viewer");
  await expect(membersTab.roleSelectOf(member.email)).toHaveValue("viewer");

  await auditTab.goto();
  // newest first: this spec's own entries are on the first page, whatever else happened before
  await expect(auditTab.entries("sign-in").filter({ hasText: OWNER.email }).first()).toBeVisible();
  const created = auditTab.entries("token.create").filter({ hasText: tokenName });
  await expect(created).toHaveCount(1);
  await expect(created).toContainText("Created API token");
  await expect(created.getByTestId("audit-actor")).toHaveText(OWNER.email);
  const roleChange = auditTab.entries("member.role").filter({ hasText: member.email });
  await expect(roleChange).toHaveCount(1);
  await expect(roleChange).toContainText("Changed role");
  await expect(roleChange.getByTestId("audit-detail")).toContainText("from: editor");
  await expect(roleChange.getByTestId("audit-detail")).toContainText("to: viewer");
  await expect(auditTab.entries("member.join").filter({ hasText: member.email })).toHaveCount(1);
  await saveDocsScreenshot(page, platform, "settings-audit", { fullPage: false });

  // more than a page of entries, so that "Load more" has something to load
  const { entries } = await callApi<{ entries: unknown[] }>(page.request, "audit.list", { limit: PAGE_SIZE + 1 }, "query");
  for (let i = entries.length; i <= PAGE_SIZE; i++) await callApi(page.request, "tokens.create", { name: `audit filler ${i}`, expiresInDays: 1 });
  await page.reload();
  await expect(auditTab.rows).toHaveCount(PAGE_SIZE);
  await auditTab.loadMoreButton.click();
  await expect.poll(() => auditTab.rows.count()).toBeGreaterThan(PAGE_SIZE);
  const ids = await auditTab.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-entry-id")));
  expect(new Set(ids).size).toBe(ids.length); // the next page starts after the last entry shown, none twice
});
