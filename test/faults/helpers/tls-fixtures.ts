import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
  remove(): void;
}

/**
 * A throw-away self-signed pair made by `openssl req`, valid for a day. A missing openssl is an
 * error, not a reason to skip: the TLS fault tests would otherwise pass without running.
 */
export function makeCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'kali-faults-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new Error('the TLS fault tests need the openssl command (Debian: apt-get install openssl)');
    }
    throw new Error(`openssl req failed: ${e.stderr?.toString().trim() || e.message}`);
  }
  return {
    dir,
    certPath,
    keyPath,
    cert: readFileSync(certPath),
    key: readFileSync(keyPath),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
