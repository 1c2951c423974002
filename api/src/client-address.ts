// Who is calling, as far as the network can tell: the socket's address, or, when that is a proxy we trust
// (TRUSTED_PROXIES), the address that proxy reports in X-Forwarded-For. Only hops we trust are skipped, so a
// client cannot choose its own address by sending the header.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

/**
 * TRUSTED_PROXIES: comma-separated addresses or CIDR ranges, "loopback" for 127.0.0.0/8 and ::1, or "none".
 * Throws on an entry that is neither.
 */
export function parseTrustedProxies(spec: string): string[] {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && entry !== 'none')
    .flatMap((entry) => (entry === 'loopback' ? LOOPBACK : [entry]));
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix))) {
      throw new Error(`"${entry}" is not an address or CIDR range`);
    }
  }
  return entries;
}

export function trustedProxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function normalized(address: string): string {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  return mapped ? mapped[1]! : address.toLowerCase();
}

function isTrusted(address: string, trusted: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address: the socket's, walking back through X-Forwarded-For while the hop is trusted. */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string | null {
  if (!socketAddress) return null;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  let address = normalized(socketAddress);
  while (isTrusted(address, trusted) && hops.length > 0) {
    const previous = normalized(hops.pop()!);
    if (isIP(previous) === 0) break;
    address = previous;
  }
  return address;
}

/**
 * What sign-in throttling counts an address as: IPv4 addresses singly, IPv6 addresses by their /64 network
 * (one subscriber usually holds a whole /64, so single IPv6 addresses cost an attacker nothing).
 */
export function addressThrottleKey(address: string | null): string {
  if (!address) return 'unknown';
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
