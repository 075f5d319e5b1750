/**
 * kali's public plugin API. Plugins import these types only (`import type … from 'kali'`); every
 * runtime service reaches them through the context objects the host passes in.
 */
export type * from './interfaces/config.js';
export type * from './interfaces/content.js';
export type * from './interfaces/measurement.js';
export type * from './interfaces/output.js';
export type * from './interfaces/plugin.js';
export type * from './interfaces/stats.js';
export type * from './interfaces/transport.js';
