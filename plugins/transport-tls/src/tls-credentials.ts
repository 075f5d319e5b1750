import { createSecureContext } from 'node:tls';
import { FileLimitError, readBounded } from '@kali/content-file/bounded-read';
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
  const cert = read('ssl-cert', config.ssl.cert, 'Can not access X.509 certificate file.');
  const key = read('ssl-key', config.ssl.key, 'Can not access SSL private key file');
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw usage(`--ssl-cert=${config.ssl.cert} --ssl-key=${config.ssl.key}: ${(err as Error).message}`);
  }
  return { cert, key };
}

/**
 * Bounded like message files, so that `--ssl-key /dev/zero` is refused and `--ssl-key <(…)` works
 * (what the main thread read from a pipe reaches the workers). tcpkali's wording when the file
 * cannot be opened; kali's own limits name the option.
 */
function read(option: string, path: string, complaint: string): Buffer {
  try {
    return readBounded(path);
  } catch (e) {
    throw usage(e instanceof FileLimitError ? `--${option}=${path}: ${e.message}` : `${path}: ${complaint}`);
  }
}

function usage(message: string): PluginError {
  const err: PluginError = new Error(message);
  err.exitCode = 64;
  return err;
}
