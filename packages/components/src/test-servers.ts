// What the tests' real servers (MariaDB, Dovecot) share: a free loopback port to listen on.
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 nothing listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
