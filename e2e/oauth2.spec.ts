import { type LocalOAuth2Server, startLocalOAuth2Server } from "../packages/oauth2/src/testing";
import { expect, test } from "./fixtures";
import type { CredentialsTab } from "./pages/credentials-tab";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

let oauth: LocalOAuth2Server;
test.beforeAll(async () => {
  oauth = await startLocalOAuth2Server();
});
test.afterAll(() => oauth?.stop());

/** The wizard's OAuth2 (authorization code) form, filled for the local authorization server. */
async function fillOAuth2Form(tab: CredentialsTab, name: string) {
  await tab.wizard.getByTestId("credential-kind-oauth2-authorization-code").click();
  await tab.nameInput.fill(name);
  await tab.field("Authorization URL").fill(oauth.authorizationUrl);
  await tab.field("Token URL").fill(oauth.tokenUrl);
  await tab.field("Client id").fill(oauth.clientId);
  await tab.field("Client secret").fill(oauth.clientSecret);
  await tab.field("Scopes").fill("orders:read offline_access");
}

async function expectNoSecretIn(content: string) {
  for (const secret of [oauth.clientSecret, ...oauth.issuedAccessTokens, ...oauth.issuedRefreshTokens]) expect(content).not.toContain(secret);
}

test("a person connects an OAuth2 account from Settings: the sign-in window, then Reconnect by a full-page round trip", async ({ page, signInAsOwner, credentialsTab: tab }) => {
  const name = `CRM OAuth ${Date.now().toString(36)}`;
  const grantsBefore = oauth.grants.length;
  await signInAsOwner();
  await tab.goto();
  await tab.newButton.click();
  await tab.wizard.getByTestId("credential-component-http").click();
  await fillOAuth2Form(tab, name);

  // Save and connect: a window on the application's sign-in page (which signs the person in and sends them back at once), then it closes
  const popupOpens = page.waitForEvent("popup");
  await expect(tab.saveButton).toHaveText("Save and connect");
  await tab.saveButton.click();
  const popup = await popupOpens;
  await popup.waitForEvent("close", LIVE);
  await expect(tab.wizard).toBeHidden(LIVE);
  await expect(tab.row(name).getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
  await expect(tab.row(name).getByRole("button", { name: `Connect ${name}` })).toHaveText("Reconnect");

  // Reconnect from the list: off to the application in this window and back to Settings
  await tab.row(name).getByRole("button", { name: `Connect ${name}` }).click();
  await expect(page).toHaveURL(/\/settings\/credentials\?connected=/, LIVE);
  await expect(page.getByTestId("connect-outcome")).toContainText(`Connected ${name}`);
  await expect(tab.row(name).getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
  expect(oauth.grants.slice(grantsBefore).map((g) => g.grantType)).toEqual(["authorization_code", "authorization_code"]);
  await expectNoSecretIn(await page.content());
});

test("in the designer, a person creates an OAuth2 credential inline, connects it in a popup without leaving the flow, and the flow calls the API with its token", async ({
  page,
  platform,
  signInAsOwner,
  credentialsTab: tab,
  designerPage: designer,
}) => {
  test.setTimeout(180_000);
  const name = `CRM inline ${Date.now().toString(36)}`;
  const api = await new Sink().start();
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`Calls ${name}`);
    await designer.addAfter("webhook", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${api.url}/contacts`);
    const flowUrl = page.url();
    await designer.panel.getByTestId("new-credential-inline").click();
    await fillOAuth2Form(tab, name);
    const popupOpens = page.waitForEvent("popup");
    await tab.saveButton.click();
    const popup = await popupOpens;
    await popup.waitForEvent("close", LIVE);
    await expect(tab.wizard).toBeHidden(LIVE);

    // still in the designer, the step on the new credential, connected
    expect(page.url()).toBe(flowUrl);
    const picker = designer.panel.getByTestId("credential-picker");
    await expect(picker.getByLabel("Credential")).toHaveValue(/.+/);
    await expect(picker.getByLabel("Credential").locator("option:checked")).toHaveText(`${name} (OAuth2: sign in with the application (authorization code))`);
    await expect(picker.getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
    await expect(picker.getByTestId("credential-connect")).toBeHidden();
    await saveDocsScreenshot(page, platform, "designer-oauth2-connected", { fullPage: false });

    // the flow signs in with the token the application granted
    api.requireBearer = oauth.issuedAccessTokens.at(-1);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    expect((await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ contact: "ada" }) })).status).toBe(202);
    await expect.poll(() => api.deliveries, LIVE).toEqual([{ contact: "ada" }]);
    expect(api.headers.at(-1)?.authorization).toBe(`Bearer ${oauth.issuedAccessTokens.at(-1)}`);
    await expectNoSecretIn(await page.content());
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);
  } finally {
    await api.close();
  }
});
