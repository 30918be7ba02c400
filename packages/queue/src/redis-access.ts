import { flowQueuePrefix, KEY_PREFIX } from "./names";

/**
 * Who may do what in Redis. The platform's processes sign in with the installation's REDIS_URL;
 * each flow's runners with a user of their own (`if-flow-<flowId>`), whose keys are that flow's
 * (`if:{flowId}:*`) and whose commands are what BullMQ and the runner use — no other flow's keys,
 * no key listing, no pub/sub, no administration. Redis checks the same rules inside scripts.
 */

/** the Redis user of a flow's runners */
export const runnerRedisUser = (flowId: string) => `${KEY_PREFIX}-flow-${flowId}`;

/**
 * hash: flow id → the password of its runners' Redis user. The worker's alone: outside `if:*`, so
 * neither runners nor the gateway and web app (whose users reach `if:*`) can read it.
 */
export const RUNNER_USERS_KEY = `${KEY_PREFIX}-worker:runner-users`;

/** flow ids are UUIDs; anything else (a glob character, a space) would widen the key pattern */
const SAFE_FLOW_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `ACL SETUSER <user> …` arguments for a flow's runners. Commands: what BullMQ's scripts, its
 * blocking waits and ioredis's handshake need (INFO is BullMQ's version check); denied among them:
 * listing keys (SCAN, RANDOMKEY, DBSIZE), scripts kept in the server (FUNCTION), flushing or
 * killing scripts, every @dangerous and @admin command, and all pub/sub (no channel at all).
 */
export function runnerAclRules(flowId: string, password: string): string[] {
  if (!SAFE_FLOW_ID.test(flowId)) throw new Error(`a flow id may hold letters, digits and dashes only (got ${JSON.stringify(flowId)})`);
  return [
    "reset",
    "on",
    `>${password}`,
    `~${flowQueuePrefix(flowId)}:*`,
    "resetchannels",
    "-@all",
    "+@read",
    "+@write",
    "+@scripting",
    "+@transaction",
    "+@blocking",
    "+@fast",
    "+@slow",
    "-@dangerous",
    "-@admin",
    "-@pubsub",
    "-@connection",
    "+auth",
    "+hello",
    "+ping",
    "+echo",
    "+select",
    "+reset",
    "+quit",
    "+readonly",
    "+client|setname",
    "+client|getname",
    "+client|id",
    "+client|info",
    "+info",
    "-scan",
    "-randomkey",
    "-dbsize",
    "-function",
    "-fcall",
    "-fcall_ro",
    "-script|flush",
    "-script|kill",
    "-memory",
    "-object",
    "-swapdb",
    "-move",
  ];
}

/** The URL with another user and password (none: without a password, which comes another way). */
export function redisUrlAs(url: string, user: { username?: string; password?: string }): string {
  const parsed = new URL(url);
  parsed.username = user.username === undefined ? "" : encodeURIComponent(user.username);
  parsed.password = user.password === undefined ? "" : encodeURIComponent(user.password);
  return parsed.toString();
}

/** The URL with its user name and password removed (for labels, logs and hashes). */
export function redisUrlWithoutCredentials(url: string): string {
  return redisUrlAs(url, {});
}

/** The URL's password set (the runner gets its user in its environment, its password on stdin). */
export function redisUrlWithPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
