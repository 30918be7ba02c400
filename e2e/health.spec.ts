import { expect, test } from "./fixtures";

test("web app, gateway and worker say they are alive and ready, with what each depends on", async ({ request, platform }) => {
  for (const url of [platform.webUrl, platform.gatewayUrl, platform.workerHealthUrl]) {
    const alive = await request.get(`${url}/healthz`);
    expect(alive.status(), url).toBe(200);
    expect(await alive.json()).toMatchObject({ ok: true });
  }
  const web = await request.get(`${platform.webUrl}/readyz`);
  expect(web.status()).toBe(200);
  expect(await web.json()).toEqual({ ready: true, checks: { postgres: { ok: true }, redis: { ok: true } } });
  const gateway = await request.get(`${platform.gatewayUrl}/readyz`);
  expect(await gateway.json()).toEqual({ ready: true, checks: { redis: { ok: true } } });
  const worker = await request.get(`${platform.workerHealthUrl}/readyz`);
  expect(worker.status()).toBe(200);
  // the Docker daemon is checked where steps run as containers
  const docker = platform.runtime.startsWith("docker") ? { docker: { ok: true } } : {};
  expect(await worker.json()).toEqual({ ready: true, role: "leader", checks: { postgres: { ok: true }, redis: { ok: true }, ...docker } });
});
