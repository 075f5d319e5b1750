import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { privateXdg } from '../helpers/private-plugins.js';
import { explain, runKali } from '../helpers/run-kali.js';

it('shell completion knows the commands, the options and their fixed values', {
  timeout: 30_000,
}, async () => {
  const env = privateXdg();
  const run = await runKali(['autocomplete', 'bash'], { timeoutMs: 25_000, env });
  assert.equal(run.code, 0, explain(run));
  const functions = join(env.XDG_CACHE_HOME, 'kali', 'autocomplete', 'functions');
  const bash = readFileSync(join(functions, 'bash', 'kali.bash'), 'utf8');
  for (const command of ['merge', 'compare', 'report', 'capabilities', 'plugins']) {
    assert.match(bash, new RegExp(`\\b${command}\\b`), command);
  }
  assert.match(bash, /--connections --connect-rate/);
  // Every long option it offers is one kali's parser accepts: no oclif-only --short-help.
  assert.doesNotMatch(bash, /--short-help/);
  const zsh = readFileSync(join(functions, 'zsh', '_kali'), 'utf8');
  assert.match(zsh, /--nagle"\[[^\]]*\]:nagle options:\(on off\)"/);
  assert.match(zsh, /--listen-mode"\[[^\]]*\]:listen-mode options:\(silent active\)"/);
});
