// A real MQTT broker for tests (Debian's mosquitto, installed when missing as npm start installs
// Redis): its own configuration, users and persistence in a temporary directory, on a free
// loopback port. Persistent sessions keep a stopped subscriber's QoS 1 messages.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureCommand } from "../../../../scripts/install-packages.mjs";
import { freePort, startServerProcess } from "../test-servers";

export interface MqttBroker {
  port: number;
  url: string;
  /** the users and their passwords */
  users: Record<string, string>;
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** Starts Mosquitto with the user `ada` (password "ada-secret"); nobody else gets in. */
export async function startMosquitto(): Promise<MqttBroker> {
  const found = ensureCommand({ command: "mosquitto", pkg: "mosquitto", why: "the MQTT component's tests run against a real broker", log: console.log });
  if (found.missing) throw new Error(found.missing);
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-mosquitto-"));
  const port = await freePort();
  const users: Record<string, string> = { ada: "ada-secret" };
  const passwords = path.join(dir, "passwd");
  writeFileSync(passwords, "");
  for (const [user, password] of Object.entries(users)) {
    const made = spawnSync("mosquitto_passwd", ["-b", passwords, user, password], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr.trim()}`);
  }
  const config = path.join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous false",
      `password_file ${passwords}`,
      // as root it would switch to the user mosquitto, who cannot read this directory
      ...(process.getuid?.() === 0 ? ["user root"] : []),
      "persistence true",
      `persistence_location ${dir}/`,
      // a stopped subscriber's messages are kept, not dropped after the default 1000
      "max_queued_messages 0",
      "max_inflight_messages 100",
      `log_dest file ${dir}/mosquitto.log`,
    ].join("\n"),
  );
  const server = await startServerProcess({ command: "mosquitto", args: ["-c", config], dir, logFile: path.join(dir, "mosquitto.log"), ready: () => listening(port) });
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    users,
    stop: server.stop,
  };
}
