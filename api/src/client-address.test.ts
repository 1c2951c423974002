import { describe, expect, it } from 'vitest';
import {
  addressThrottleKey,
  clientAddressOf,
  parseTrustedProxies,
  trustedProxyList,
} from './client-address.ts';

const loopbackTrusted = trustedProxyList(parseTrustedProxies('loopback'));
const nothingTrusted = trustedProxyList(parseTrustedProxies('none'));

describe('clientAddressOf', () => {
  it('takes the address a trusted proxy reports, walking back only through trusted hops', () => {
    expect(clientAddressOf('127.0.0.1', '198.51.100.7', loopbackTrusted)).toBe('198.51.100.7');
    expect(clientAddressOf('::ffff:127.0.0.1', '198.51.100.7', loopbackTrusted)).toBe('198.51.100.7');
    // The client wrote the first entry itself; only the hop our proxy appended counts.
    expect(clientAddressOf('127.0.0.1', '10.9.9.9, 198.51.100.7', loopbackTrusted)).toBe('198.51.100.7');
    const twoProxies = trustedProxyList(parseTrustedProxies('loopback,10.0.0.0/8'));
    expect(clientAddressOf('127.0.0.1', '203.0.113.5, 10.1.2.3', twoProxies)).toBe('203.0.113.5');
  });

  it('ignores the header from an untrusted peer, and garbage in it', () => {
    expect(clientAddressOf('203.0.113.5', '198.51.100.7', loopbackTrusted)).toBe('203.0.113.5');
    expect(clientAddressOf('127.0.0.1', '198.51.100.7', nothingTrusted)).toBe('127.0.0.1');
    expect(clientAddressOf('127.0.0.1', 'not-an-address', loopbackTrusted)).toBe('127.0.0.1');
    expect(clientAddressOf(undefined, '198.51.100.7', loopbackTrusted)).toBeNull();
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or range', () => {
    expect(parseTrustedProxies('10.0.0.0/8, ::1')).toEqual(['10.0.0.0/8', '::1']);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('"10.0.0.0/33" is not an address or CIDR range');
    expect(() => parseTrustedProxies('proxy.internal')).toThrow('is not an address or CIDR range');
  });
});

describe('addressThrottleKey', () => {
  it('counts IPv4 addresses singly and IPv6 addresses by their /64 network', () => {
    expect(addressThrottleKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressThrottleKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressThrottleKey('2001:0db8:0000:0000:ffff:1:2:3')).toBe('2001:db8:0:0::/64');
    expect(addressThrottleKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressThrottleKey('::1')).toBe('0:0:0:0::/64');
    expect(addressThrottleKey(null)).toBe('unknown');
  });
});
