import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDestination, parseListen, parsePort } from '../../src/cli/addresses.js';
import { UsageError } from '../../src/errors/index.js';

function refused(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UsageError && e.message === message && e.exitCode === 64);
}

describe('destinations', () => {
  it('splits host, port and path', () => {
    assert.deepEqual(parseDestination('127.0.0.1:24127/chat/room?x=1'), {
      text: '127.0.0.1:24127/chat/room?x=1',
      host: '127.0.0.1',
      port: 24127,
      path: 'chat/room?x=1',
    });
    assert.deepEqual(parseDestination('localhost:80'), {
      text: 'localhost:80',
      host: 'localhost',
      port: 80,
      path: '',
    });
    assert.deepEqual(parseDestination('ip6-localhost:9000'), {
      text: 'ip6-localhost:9000',
      host: 'ip6-localhost',
      port: 9000,
      path: '',
    });
    assert.deepEqual(parseDestination('h:1/'), { text: 'h:1/', host: 'h', port: 1, path: '' });
  });
  it('accepts bracketed IPv6 literals', () => {
    assert.deepEqual(parseDestination('[::1]:9000'), {
      text: '[::1]:9000',
      host: '::1',
      port: 9000,
      path: '',
    });
    assert.deepEqual(parseDestination('[::1]:9000/path'), {
      text: '[::1]:9000/path',
      host: '::1',
      port: 9000,
      path: 'path',
    });
  });
  it('takes a URL whose port is left out, or empty after the colon', () => {
    for (const text of ['redis://127.0.0.1', 'redis://127.0.0.1:', 'REDIS://127.0.0.1:/']) {
      assert.deepEqual(parseDestination(text), {
        text,
        host: '127.0.0.1',
        port: 0,
        path: '',
        scheme: 'redis',
      });
    }
    assert.deepEqual(parseDestination('redis://[::1]:'), {
      text: 'redis://[::1]:',
      host: '::1',
      port: 0,
      path: '',
      scheme: 'redis',
    });
    refused(() => parseDestination('redis://:'), 'Expected a host name after "redis://" in redis://:');
  });
  it('refuses what it cannot use', () => {
    refused(() => parseDestination('127.0.0.1'), 'Expected :port specification. See --help.');
    refused(() => parseDestination('127.0.0.1:'), 'Expected :port specification. See --help.');
    refused(() => parseDestination('[::1]'), 'Expected :port specification. See --help.');
    refused(
      () => parseDestination('127.0.0.1:99999'),
      'Port 99999 in 127.0.0.1:99999 is out of range [1..65535]',
    );
    refused(() => parseDestination('h:0'), 'Port 0 in h:0 is out of range [1..65535]');
    refused(() => parseDestination('h:http'), 'Port http in h:http is not a number in [1..65535]');
    refused(
      () => parseDestination('::1:9000'),
      'IPv6 address in ::1:9000 must be enclosed in brackets, as in [::1]:9000',
    );
    refused(() => parseDestination('[::1:9000'), 'Missing "]" in [::1:9000');
    refused(() => parseDestination(':9000'), 'Expected a host name before ":9000" in :9000');
  });
  it('says that a port is not a number rather than suggest brackets around an IPv4 address', () => {
    refused(
      () => parseDestination('127.0.0.1:24000:x'),
      'Port 24000:x in 127.0.0.1:24000:x is not a number in [1..65535]',
    );
    refused(
      () => parseDestination('localhost:80:90/p'),
      'Port 80:90 in localhost:80:90/p is not a number in [1..65535]',
    );
    refused(() => parseDestination('[::1]:80:x'), 'Port 80:x in [::1]:80:x is not a number in [1..65535]');
  });
  it('suggests brackets only for what is an IPv6 address', () => {
    refused(
      () => parseDestination('fe80::1:9000'),
      'IPv6 address in fe80::1:9000 must be enclosed in brackets, as in [fe80::1]:9000',
    );
    refused(
      () => parseDestination('2001:db8::'),
      'IPv6 address in 2001:db8:: must be enclosed in brackets, as in [2001:db8::]:port',
    );
  });
  it('accepts the whole port range', () => {
    assert.equal(parseDestination('h:65535').port, 65535);
    assert.equal(parsePort('65536'), undefined);
    assert.equal(parsePort('1'), 1);
    assert.equal(parsePort('+1'), undefined);
  });
});

describe('--listen-port', () => {
  it('takes [host:]port', () => {
    assert.deepEqual(parseListen('8080'), { port: 8080 });
    assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseListen('[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(parseListen('65535'), { port: 65535 });
  });
  it('checks the port', () => {
    refused(() => parseListen('0'), '--listen-port=0 is not in [1..65535]');
    refused(() => parseListen('65536'), '--listen-port=65536 is not in [1..65535]');
    refused(() => parseListen('127.0.0.1:0'), '--listen-port=0 is not in [1..65535]');
    refused(() => parseListen('abc'), '--listen-port=abc is not in [1..65535]');
    refused(() => parseListen('[::1]'), '--listen-port= is not in [1..65535]');
    refused(() => parseListen('127.0.0.1:80:x'), '--listen-port=80:x is not in [1..65535]');
  });
});
