import { type LocalOAuth2Server, startLocalOAuth2Server } from "../packages/oauth2/src/testing";
import { expect, test } from "./fixtures";

const LIVE = { timeout: 30_000 };

test("a person connects an OAuth2 account: the application's sign-in page, then back to a connected credential", async ({ page, signInAsOwner, credentialsTab: tab }) => {
  const oauth: LocalOAuth2Server = await startLocalOAuth2Server();
  const name = `CRM OAuth ${Date.now().toString(36)}`;
  try {
    await signInAsOwner();
    await tab.goto();
    await tab.newButton.click();
    await tab.wizard.getByTestId("credential-component-http").click();
    await tab.wizard.getByTestId("credential-kind-oauth2-authorization-code").click();
    await tab.nameInput.fill(name);
    await tab.field("Authorization URL").fill(oauth.authorizationUrl);
    await tab.field("Token URL").fill(oauth.tokenUrl);
    await tab.field("Client id").fill(oauth.clientId);
    await tab.field("Client secret").fill(oauth.clientSecret);
    await tab.field("Scopes").fill("orders:read offline_access");
    await tab.saveButton.click();
    await expect(tab.wizard).toBeHidden(LIVE);

    // Connect: off to the application (which signs the person in and sends them straight back here)
    const row = tab.row(name);
    await row.getByRole("button", { name: `Connect ${name}` }).click();
    await expect(page).toHaveURL(/\/settings\/credentials\?connected=/, LIVE);
    await expect(page.getByTestId("connect-outcome")).toContainText(`Connected ${name}`);
    await expect(tab.row(name).getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
    await expect(tab.row(name).getByRole("button", { name: `Connect ${name}` })).toHaveText("Reconnect");
    expect(oauth.grants.map((g) => g.grantType)).toEqual(["authorization_code"]);
    const content = await page.content();
    for (const secret of [oauth.clientSecret, oauth.issuedAccessTokens.at(-1) ?? "-", oauth.issuedRefreshTokens.at(-1) ?? "-"]) expect(content).not.toContain(secret);
  } finally {
    await oauth.stop();
  }
});
