import { mkdirSync, writeFileSync } from 'node:fs';
import { Config } from '@oclif/core';
import { manPage } from '../cli/man-page.js';
import { pluginCommands } from '../cli/plugin-commands.js';
import { pluginOptionTable } from '../cli/plugin-options.js';
import { installedInOrder } from '../host/installed-in-order.js';
import { loadCatalog } from '../registry/plugin-catalog.js';

/**
 * Build step: dist/kali.1 from the option tables, the built-in plugins' declared options and the
 * commands their packages bring (package.json's `man` points at it, so `man kali` works after a
 * global install).
 */
const root = new URL('../../', import.meta.url);
const config = await Config.load(root.pathname);
const { specs } = pluginOptionTable(await loadCatalog(installedInOrder(config)));
// The build date would make every build differ; the version says which kali the page is for.
const page = manPage(config.version, '', specs, pluginCommands(config));
mkdirSync(new URL('dist/', root), { recursive: true });
writeFileSync(new URL('dist/kali.1', root), page);
