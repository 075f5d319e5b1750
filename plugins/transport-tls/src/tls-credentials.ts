import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { PluginError, RunConfig } from 'kali';

export interface Credentials {
  cert: Buffer;
  key: Buffer;
}

/**
 * The listener's certificate and key, read and checked as a pair: a missing file, a file that is
 * not PEM, or a key that does not match the certificate stops the run with one line and exit 64.
 */
export function loadCredentials(config: RunConfig): Credentials {
  const cert = read(config.ssl.cert, 'Can not access X.509 certificate file.');
  const key = read(config.ssl.key, 'Can not access SSL private key file');
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw usage(`--ssl-cert=${config.ssl.cert} --ssl-key=${config.ssl.key}: ${(err as Error).message}`);
  }
  return { cert, key };
}

function read(path: string, complaint: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw usage(`${path}: ${complaint}`);
  }
}

function usage(message: string): PluginError {
  const err: PluginError = new Error(message);
  err.exitCode = 64;
  return err;
}
