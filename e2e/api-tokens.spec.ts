import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";

test("an API token is shown once, answers as a bearer token, and is refused once revoked in the UI", async ({
  page,
  request,
  platform,
  signInAsOwner,
  tokensTab,
}) => {
  await signInAsOwner();
  await tokensTab.goto();
  await expect(tokensTab.tabs.tab("API tokens")).toHaveAttribute("aria-current", "page");

  // the name is checked by the API, at its field
  await tokensTab.nameInput.fill("   ");
  await tokensTab.createButton.click();
  await expect(page.getByTestId("name-error")).toContainText("Say what the token is for");

  const name = `e2e laptop ${Date.now().toString(36)}`;
  const token = await tokensTab.create({ name, expires: "30 days" });
  expect(token.length).toBeGreaterThan(20);
  await expect(tokensTab.usage).toContainText(`INTERFLOW_TOKEN=${token} npx interflow flow list`);
  await expect(tokensTab.stateOf(name)).toHaveText("Active");
  await saveDocsScreenshot(page, platform, "settings-tokens");

  const listFlows = () => request.get("/api/trpc/flows.list", { headers: { authorization: `Bearer ${token}` } });
  expect((await listFlows()).status()).toBe(200);
  // the REST API takes the same token
  const restFlows = () => request.get("/api/v1/flows", { headers: { authorization: `Bearer ${token}` } });
  const listed = await restFlows();
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toHaveProperty("flows");

  // Shown once: after a reload only its name is left.
  await page.reload();
  await expect(tokensTab.row(name)).toBeVisible();
  await expect(tokensTab.created).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(tokensTab.row(name).getByTestId("token-last-used")).not.toHaveText("Never");

  await tokensTab.revoke(name);
  await expect(tokensTab.confirmDialog).toBeHidden();
  await expect(tokensTab.stateOf(name)).toContainText("Revoked");
  await expect(tokensTab.row(name).getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  expect((await listFlows()).status()).toBe(401);
  expect((await restFlows()).status()).toBe(401);
});
