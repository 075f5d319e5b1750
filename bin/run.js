#!/usr/bin/env node
import { Config, run } from '@oclif/core';
const config = await Config.load(import.meta.url);
await run(process.argv.slice(2), config);
