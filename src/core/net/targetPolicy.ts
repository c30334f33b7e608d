/**
 * Where a URL that came from input (a pasted token's `iss`, the `jwks_uri` of a discovery document
 * it names, a redirect on the way) may make us connect. Such a URL is untrusted: without a rule, a
 * token could point discovery at the cloud metadata service, at a database on loopback, or at any
 * host of the user's private network. Only public `https` hosts are reached, unless the user
 * allowed a host explicitly (their own IdP on a private network): then that host is reached over
 * http or https.
 *
 * Names are resolved and every address they resolve to is checked as well. A name that does not
 * resolve here is let through: it may resolve only behind a proxy, and nothing private is known of it.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface TargetPolicy {
  /** Hosts (names or addresses, optionally with a port) the user allowed explicitly. */
  allowHosts: readonly string[];
  /** A name's addresses; the system resolver by default. */
  resolve?: (host: string) => Promise<string[]>;
}

/** How the user allows a host; named in every refusal so the way out is on screen. */
export interface AllowAdvice {
  /** For example `--allow-host HOST` or `the setting scimJwt.discovery.allowedHosts`. */
  how: string;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Names that never denote a public host. */
const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)\.?$/i;

/** True when `address` (an IPv4 or IPv6 literal, brackets allowed) is not a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  const family = isIP(a);
  if (family === 4) return PRIVATE.check(a, 'ipv4');
  if (family !== 6) return false;
  // IPv4-mapped (::ffff:a.b.c.d, or ::ffff:7f00:1 as the URL parser writes it): the IPv4 address it carries.
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(a);
  if (mapped) {
    if (mapped[1] !== undefined) return isPrivateAddress(mapped[1]);
    const n = (parseInt(mapped[2] ?? '0', 16) << 16) | parseInt(mapped[3] ?? '0', 16);
    return isPrivateAddress([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
  }
  return PRIVATE.check(a, 'ipv6');
}

/** An allowance as the URL parser normalises it: `0x7f.1`, `2130706433` and `0177.0.0.1` all become 127.0.0.1. */
function allowance(text: string): { host: string; port: string } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    const u = new URL(`http://${t}`);
    return { host: u.hostname.toLowerCase(), port: u.port };
  } catch {
    return undefined;
  }
}

function allowed(url: URL, policy: TargetPolicy): boolean {
  const host = url.hostname.toLowerCase();
  return policy.allowHosts.some((h) => {
    const a = allowance(h);
    // With a port the allowance is for that port only.
    return a?.host === host && (a.port === '' || a.port === url.port);
  });
}

async function systemResolve(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

/** What is printed of a host from a URL we refused: bounded, so a hostile name cannot flood the output. */
function shownHost(url: URL): string {
  return url.host.length > 80 ? `${url.host.slice(0, 80)}…` : url.host;
}

/**
 * Why `url` must not be reached, or undefined when it may. `advice.how` says how the user allows a
 * host of their own.
 */
export async function refusedTarget(url: URL, policy: TargetPolicy, advice: AllowAdvice): Promise<string | undefined> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not a web address.`;
  if (allowed(url, policy)) return undefined;
  const host = url.hostname.toLowerCase();
  const allow = `If this is your own identity provider, allow its host with ${advice.how}.`;
  if (url.protocol !== 'https:')
    return `${shownHost(url)} is reached over plain http, and only public https hosts are contacted for a token's issuer. ${allow}`;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    return isPrivateAddress(bare)
      ? `${shownHost(url)} is a loopback, link-local or private address, which is never contacted for a token's issuer. ${allow}`
      : undefined;
  }
  if (PRIVATE_NAMES.test(host) || !host.includes('.') || host === 'metadata.google.internal')
    return `${shownHost(url)} is not a public host name, and only public hosts are contacted for a token's issuer. ${allow}`;
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch {
    // Unresolvable here: a proxy may still resolve it; nothing private is known of it.
    return undefined;
  }
  const inside = addresses.find((a) => isPrivateAddress(a));
  if (inside !== undefined)
    return `${shownHost(url)} resolves to ${inside}, a loopback, link-local or private address, which is never contacted for a token's issuer. ${allow}`;
  return undefined;
}
