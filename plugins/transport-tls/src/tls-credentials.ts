import { FileLimitError, readBounded } from '@kali/content-file/bounded-read';
import type { KaliApi, OptionDeclaration, OptionValues, RunConfig } from 'kali';

/** The plugin that owns the listener's certificate options. */
export const TLS_PLUGIN = 'tls';

/** tcpkali's `--ssl-cert` and `--ssl-key`, declared by the tls transport. */
export const CREDENTIAL_OPTIONS: readonly OptionDeclaration[] = [
  {
    name: 'ssl-cert',
    type: 'string',
    valueName: 'file',
    default: 'cert.pem',
    description: 'Certificate for the TLS listener (also --ws --ssl)',
  },
  {
    name: 'ssl-key',
    type: 'string',
    valueName: 'file',
    default: 'key.pem',
    description: 'Private key for the TLS listener (also --ws --ssl)',
  },
];

export interface Credentials {
  cert: Buffer;
  key: Buffer;
}

export interface CredentialPaths {
  cert: string;
  key: string;
}

/**
 * The files named on the command line. An option has one owner, so a transport that speaks TLS
 * itself (WebSocket over `--ssl`) reads the tls plugin's values out of the configuration rather
 * than declaring the same options again.
 */
export function credentialPaths(options: OptionValues | undefined): CredentialPaths {
  const text = (name: string, fallback: string) => {
    const v = options?.[name];
    return typeof v === 'string' ? v : fallback;
  };
  return { cert: text('ssl-cert', 'cert.pem'), key: text('ssl-key', 'key.pem') };
}

/** The tls plugin's paths as another plugin of the same run sees them. */
export const configuredPaths = (config: Readonly<RunConfig>): CredentialPaths =>
  credentialPaths(config.pluginOptions[TLS_PLUGIN]);

/** What loading credentials needs of the calling plugin's KaliApi. */
export type CredentialsApi = Pick<KaliApi, 'error' | 'exit' | 'handOver' | 'handedOver'>;

/**
 * The listener's certificate and key, read and checked as a pair: a missing file, a file that is
 * not PEM, or a key that does not match the certificate stops the run with one line and exit 64.
 * `kali` is the API the calling plugin's factory received, so the host that loaded it gets its
 * own kind of error.
 */
export function loadCredentials(paths: CredentialPaths, kali: CredentialsApi): Credentials {
  const cert = read(kali, 'ssl-cert', paths.cert, 'Can not access X.509 certificate file.');
  const key = read(kali, 'ssl-key', paths.key, 'Can not access SSL private key file');
  try {
    // node:tls is fetched here, not imported: the main thread imports this module for the option
    // declarations of every run, and only a --ssl listener needs TLS there.
    process.getBuiltinModule('node:tls').createSecureContext({ cert, key });
  } catch (err) {
    throw kali.error(
      `--ssl-cert=${paths.cert} --ssl-key=${paths.key}: ${(err as Error).message}`,
      kali.exit.USAGE,
    );
  }
  return { cert, key };
}

/**
 * Bounded like message files, so that `--ssl-key /dev/zero` is refused and `--ssl-key <(…)` works
 * (what the main thread read from a pipe reaches the workers). tcpkali's wording when the file
 * cannot be opened; kali's own limits name the option.
 */
function read(kali: CredentialsApi, option: string, path: string, complaint: string): Buffer {
  try {
    return readBounded(path, kali);
  } catch (e) {
    const message =
      e instanceof FileLimitError ? `--${option}=${path}: ${e.message}` : `${path}: ${complaint}`;
    throw kali.error(message, kali.exit.USAGE);
  }
}
