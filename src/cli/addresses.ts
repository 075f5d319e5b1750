import { isIPv6 } from 'node:net';
import { UsageError } from '../errors/index.js';
import type { DestinationSpec, ListenSpec } from '../interfaces/config.js';

interface HostPort {
  host: string;
  portText: string;
}

/**
 * Splits `host:port`, `[v6]:port` or a bare `port`. tcpkali split at the first colon, which made
 * IPv6 unusable; here brackets are honoured and an unbracketed host may not contain a colon, so
 * `::1:9000` is refused with a hint rather than guessed at.
 */
function splitHostPort(text: string, whole: string, allowBarePort: boolean): HostPort | 'no-port' {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new UsageError(`Missing "]" in ${whole}`);
    const host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after === '' || after === ':') return 'no-port';
    if (!after.startsWith(':')) throw new UsageError(`Expected ":port" after "]" in ${whole}`);
    if (host === '') throw new UsageError(`Expected an address between "[" and "]" in ${whole}`);
    return { host, portText: after.slice(1) };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return allowBarePort ? { host: '', portText: text } : 'no-port';
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.includes(':')) {
    if (isIPv6(host)) {
      throw new UsageError(
        `IPv6 address in ${whole} must be enclosed in brackets, as in [${host}]:${portText}`,
      );
    }
    if (isIPv6(text)) {
      throw new UsageError(`IPv6 address in ${whole} must be enclosed in brackets, as in [${text}]:port`);
    }
    // Not an address with colons, so the first colon ends the host and the rest is a bad port
    // (`127.0.0.1:80:x`); the port check below says so.
    const first = text.indexOf(':');
    return { host: text.slice(0, first), portText: text.slice(first + 1) };
  }
  if (portText === '') return 'no-port';
  return { host, portText };
}

/** A port number exactly as typed, or undefined when it is not a whole number in 1..65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `scheme://` in front of a destination: the protocol plugin that declares the scheme speaks. */
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;

/**
 * A `host:port[/path]` positional argument, or a URL `scheme://host[:port][/path]` whose scheme
 * selects a protocol plugin. A URL may leave the port out (port 0 here): the protocol's default
 * port fills it in once the plugins are known.
 */
export function parseDestination(text: string): DestinationSpec {
  const url = URL_SCHEME.exec(text);
  const rest = url ? url[2] : text;
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  if (url) {
    const scheme = url[1].toLowerCase();
    const split = splitHostPort(authority, text, false);
    if (split === 'no-port') {
      // `host:` with nothing after the colon is a URL whose port is left out, as in WHATWG URLs;
      // the colon is no part of the host name (it would go to the resolver as written).
      const host = authority.startsWith('[')
        ? authority.slice(1, authority.indexOf(']'))
        : authority.replace(/:$/, '');
      if (host === '') throw new UsageError(`Expected a host name after "${scheme}://" in ${text}`);
      return { text, host, port: 0, path, scheme };
    }
    if (split.host === '') throw new UsageError(`Expected a host name after "${scheme}://" in ${text}`);
    return { text, host: split.host, port: checkedPort(split.portText, text), path, scheme };
  }
  const split = splitHostPort(authority, text, false);
  if (split === 'no-port') throw new UsageError('Expected :port specification. See --help.');
  if (split.host === '') throw new UsageError(`Expected a host name before ":${split.portText}" in ${text}`);
  return { text, host: split.host, port: checkedPort(split.portText, text), path };
}

function checkedPort(portText: string, whole: string): number {
  const port = parsePort(portText);
  if (port === undefined) {
    const problem = /^\d+$/.test(portText) ? 'is out of range' : 'is not a number in';
    throw new UsageError(`Port ${portText} in ${whole} ${problem} [1..65535]`);
  }
  return port;
}

/** `-l [host:]port`; no host means every local address. */
export function parseListen(text: string): ListenSpec {
  const split = splitHostPort(text, `--listen-port=${text}`, true);
  const portText = split === 'no-port' ? '' : split.portText;
  const port = parsePort(portText);
  if (port === undefined) throw new UsageError(`--listen-port=${portText} is not in [1..65535]`);
  const host = split === 'no-port' ? '' : split.host;
  return host === '' ? { port } : { host, port };
}
