import type { OptionDeclaration } from 'kali';
import { isToken, TOKEN_CHARS } from './http-tokens.js';
import { shown } from './shown-value.js';

/** `--method`: the request method of http:// and https:// runs. */
export const METHOD_OPTION: OptionDeclaration = {
  name: 'method',
  type: 'string',
  default: 'GET',
  valueName: 'token',
  description: 'HTTP request method of http:// and https:// destinations (GET, POST, HEAD…)',
  check(value, config) {
    const method = String(value);
    if (!config.destinations.some((d) => d.scheme === 'http' || d.scheme === 'https'))
      return `--method=${shown(method)} applies to http:// and https:// destinations only`;
    if (!isToken(method))
      return `--method=${shown(method)} is not a method: a method is a token (${TOKEN_CHARS})`;
    // A 2xx to CONNECT turns the connection into a tunnel, which kali has nothing to send through.
    if (method === 'CONNECT') return '--method=CONNECT opens a tunnel, which kali does not use';
    return undefined;
  },
};
