/**
 * kali's public plugin API, version 1. Plugins import these types only (`import type … from
 * 'kali'`); every runtime service reaches them through the factory's {@link KaliApi} argument
 * and the context objects the host passes to their hooks.
 */
export type * from './interfaces/api.js';
export type * from './interfaces/config.js';
export type * from './interfaces/content.js';
export type * from './interfaces/measurement.js';
export type * from './interfaces/metrics.js';
export type * from './interfaces/options.js';
export type * from './interfaces/output.js';
export type * from './interfaces/plugin.js';
export type * from './interfaces/protocol.js';
export type * from './interfaces/requests.js';
export type * from './interfaces/result.js';
export type * from './interfaces/stats.js';
export type * from './interfaces/transport.js';
