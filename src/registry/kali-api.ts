import { decodedView } from '../engine/histogram-view.js';
import { describeError, ExitStatus, KaliError } from '../errors/index.js';
import type { ApiVersion, KaliApi } from '../interfaces/api.js';
import { handedOver, handOver } from './handed-over.js';

/** The plugin API version this host implements; see docs/plugins.md, "Versions". */
export const API_VERSION: ApiVersion = '1.4';

/** The runtime helpers every plugin factory receives. One frozen object: factories may keep it. */
export const kaliApi: KaliApi = Object.freeze({
  apiVersion: API_VERSION,
  exit: Object.freeze({
    FAILED: ExitStatus.FAILED,
    USAGE: ExitStatus.USAGE,
    DATA: ExitStatus.DATA,
    NO_HOST: ExitStatus.NO_HOST,
    UNAVAILABLE: ExitStatus.UNAVAILABLE,
  }),
  error: (message: string, exitCode: number = ExitStatus.FAILED) =>
    new KaliError(message, exitCode, 'E_PLUGIN'),
  describeError,
  decodeHistogram: decodedView,
  handOver,
  handedOver,
});
