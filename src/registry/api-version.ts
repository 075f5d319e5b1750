import type { ApiVersion } from '../interfaces/api.js';

const MAJOR_MINOR = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * Why a plugin built for API `declared` cannot run on a host implementing `host`, or undefined
 * when it can. A minor version only adds, so a plugin built for 1.0 runs on a 1.3 host; one built
 * for 1.3 may use what a 1.0 host lacks, and another major may have changed anything.
 */
export function apiVersionProblem(declared: unknown, host: ApiVersion): string | undefined {
  if (declared === undefined) {
    return `declares no plugin API version (add "apiVersion": "${host}" to the "kali" field of its package.json)`;
  }
  if (typeof declared !== 'string' || !MAJOR_MINOR.test(declared)) {
    return `"kali.apiVersion" must be "major.minor", such as "${host}" (found ${JSON.stringify(declared)})`;
  }
  const [major, minor] = declared.split('.').map(Number);
  const [hostMajor, hostMinor] = host.split('.').map(Number);
  if (major !== hostMajor || minor > hostMinor) {
    return `built for plugin API ${declared}; this kali implements ${host}`;
  }
  return undefined;
}
