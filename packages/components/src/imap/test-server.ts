// A real IMAP server for tests (Debian's dovecot-imapd, installed when missing as npm start
// installs Redis): its own configuration, users and maildirs in a temporary directory, on a free
// loopback port, without TLS.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { ensureCommand } from "../../../../scripts/install-packages.mjs";
import { freePort, startServerProcess } from "../test-servers";

export interface ImapServer {
  host: string;
  port: number;
  /** the users and their passwords */
  users: Record<string, string>;
  stop(): Promise<void>;
}


/** the server's greeting: "* OK … ready." */
const greeted = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    socket.once("data", (data) => {
      socket.destroy();
      resolve(/^\* OK/.test(data.toString()));
    });
    socket.once("error", () => resolve(false));
  });

/** Starts Dovecot with the users `ada`, `bob` and `cy` (passwords "ada-secret", …). */
export async function startDovecot(): Promise<ImapServer> {
  const found = ensureCommand({ command: "dovecot", pkg: "dovecot-imapd", why: "the IMAP component's tests run against a real server", log: console.log });
  if (found.missing) throw new Error(found.missing);
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-dovecot-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const users = { ada: "ada-secret", bob: "bob-secret", cy: "cy-secret" };
  writeFileSync(path.join(dir, "users"), `${Object.entries(users).map(([user, password]) => `${user}:{PLAIN}${password}::::::`).join("\n")}\n`);
  const mail = path.join(dir, "mail");
  mkdirSync(mail);
  // as root, mail is kept as nobody (Dovecot refuses uid 0 for mail, and root for its login process);
  // otherwise every process of it runs as the user running the tests
  const me = userInfo();
  const root = me.uid === 0;
  if (root) chownSync(mail, 65534, 65534);
  const owner = root ? "uid=65534 gid=65534" : `uid=${me.uid} gid=${me.gid}`;
  const config = path.join(dir, "dovecot.conf");
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# a wrong password is answered at once, and repeated ones from the tests are not slowed down
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
${root ? "" : `default_internal_user = ${me.username}\ndefault_login_user = ${me.username}\ndefault_internal_group = ${me.username}\n`}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = ${owner} home=${mail}/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Archive {
    special_use = \\Archive
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const check = spawnSync("dovecot", ["-c", config, "-n"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`dovecot refuses its configuration: ${check.stderr.trim()}`);
  const server = await startServerProcess({ command: "dovecot", args: ["-F", "-c", config], dir, logFile: path.join(dir, "dovecot.log"), ready: () => greeted(port) });
  return {
    host: "127.0.0.1",
    port,
    users,
    stop: server.stop,
  };
}
