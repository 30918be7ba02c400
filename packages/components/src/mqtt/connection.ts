import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { AuthenticationError, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import type { IClientOptions, MqttClient } from "mqtt";
import { z } from "zod";
import { egressPolicy } from "../http/agent";
import { GuardedSocket } from "../http/egress";

const CONNECT_TIMEOUT_MS = 10_000;
const EXAMPLE = "mqtt://broker.example.com:1883";

/** An MQTT credential's fields: the broker's URL, the user and the password. */
export const mqttAccountSchema = z.object({
  url: z
    .string({ error: `url: the broker's address, e.g. ${EXAMPLE}` })
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "mqtt:" || url.protocol === "mqtts:") && url.hostname !== "";
      } catch {
        return false;
      }
    }, `url: write it as ${EXAMPLE} (mqtts:// for TLS)`),
  username: z.string({ error: "username: required" }).trim().min(1, "username: required"),
  password: z.string({ error: "password: required" }).min(1, "password: required"),
  allowUntrustedCertificate: z.coerce.boolean().default(false),
});
export type MqttAccount = z.infer<typeof mqttAccountSchema>;

export function mqttAccountOf(fields: Record<string, unknown> | undefined): { ok: true; account: MqttAccount } | { ok: false; field: string; message: string } {
  const parsed = mqttAccountSchema.safeParse(Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => value !== "" && value !== null && value !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? "url"), message: issue?.message ?? "invalid" };
  }
  return { ok: true, account: parsed.data };
}

export function mqttAccountOfCredential(credential: StepCredential | undefined): MqttAccount {
  if (!credential) throw new StepError("the step has no credential: choose the MQTT broker");
  const result = mqttAccountOf(credential.fields);
  if (!result.ok) throw new StepError(`the step's MQTT credential: ${result.message}`);
  return result.account;
}

const brokerOf = (account: MqttAccount) => {
  const url = new URL(account.url);
  const secure = url.protocol === "mqtts:";
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || (secure ? 8883 : 1883)), secure };
};
export const whereOf = (account: MqttAccount) => {
  const { host, port } = brokerOf(account);
  return `${host}:${port}`;
};

/**
 * The socket as mqtt.js may use it at once: it writes its CONNECT packet before a guarded socket
 * has checked the address and connected (through the relay, the relay's preamble must go first),
 * so what it writes waits here until the socket is connected.
 */
function writableOnceConnected(socket: Socket | tls.TLSSocket, event: "connect" | "secureConnect"): Duplex {
  let connected = false;
  const waiting: Array<() => void> = [];
  const duplex = new Duplex({
    write(chunk, encoding, callback) {
      const write = () => socket.write(chunk, encoding, callback);
      if (connected) write();
      else waiting.push(write);
    },
    read() {
      socket.resume();
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.once(event, () => {
    connected = true;
    for (const write of waiting.splice(0)) write();
  });
  socket.on("data", (data) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("error", (error) => duplex.destroy(error));
  socket.on("close", () => duplex.destroy());
  return duplex;
}

/**
 * A client of the broker, its connection (and every reconnection) made under the installation's
 * network rules as every other connection of a step: TLS over the checked socket for mqtts://.
 * Not connected yet: wait for `connect`, or see `connected`.
 */
export async function mqttClient(account: MqttAccount, options: Partial<IClientOptions> = {}): Promise<MqttClient> {
  // loaded by the first step that talks to a broker (a runner of another step never loads it)
  const { MqttClient: Client } = await import("mqtt");
  const { host, port, secure } = brokerOf(account);
  const stream = () => {
    const socket = new GuardedSocket(egressPolicy);
    socket.connect(port, host);
    if (!secure) return writableOnceConnected(socket, "connect");
    return writableOnceConnected(tls.connect({ socket, servername: host, rejectUnauthorized: !account.allowUntrustedCertificate }), "secureConnect");
  };
  return new Client(stream, {
    protocolVersion: 4,
    username: account.username,
    password: account.password,
    connectTimeout: CONNECT_TIMEOUT_MS,
    reconnectPeriod: 1_000,
    ...options,
  });
}

/** Resolves once the client is connected; rejects with the first error (a refused sign-in, an unreachable broker). */
export function connected(client: MqttClient): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      client.off("connect", onConnect);
      client.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onConnect = () => done();
    const onError = (error: Error) => done(error);
    client.once("connect", onConnect);
    client.once("error", onError);
  });
}

/** What an MQTT failure means: a refused sign-in → the credential; refused by the network rules → the step; otherwise try again. */
export function mqttError(error: unknown, account: MqttAccount): Error {
  if (error instanceof StepError || error instanceof RetryableError) return error;
  const e = error as { code?: string | number; message?: string };
  const where = whereOf(account);
  const text = (e.message ?? String(error)).slice(0, 300);
  if (e.code === "EGRESS_REFUSED") return new StepError(`${where}: ${text}`, { cause: error });
  // CONNACK 4 / 5 (MQTT 3.1.1): bad user name or password, not authorized
  if (e.code === 4 || e.code === 5 || /Not authorized|Bad username or password/i.test(text)) return new AuthenticationError(`${where} refused the sign-in: ${text}`, { reason: "MQTT broker refused the client", cause: error });
  if (/certificate|self.signed|TLS|SSL/i.test(text)) return new StepError(`${where}: TLS failed: ${text}`, { cause: error });
  const what = e.code === "ECONNREFUSED" ? "refused the connection: is the broker running there?" : e.code === "ENOTFOUND" ? "is not a known host" : text;
  return new RetryableError(`${where} ${what}`, { cause: error });
}
