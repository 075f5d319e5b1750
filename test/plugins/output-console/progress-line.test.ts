import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockFace } from '../../../plugins/output-console/src/clock-face.js';
import { progressLine } from '../../../plugins/output-console/src/progress-line.js';
import { rampRibbon } from '../../../plugins/output-console/src/ramp-ribbon.js';
import { readTerminalFacts } from '../../../plugins/output-console/src/terminal-facts.js';
import { conns, live } from './fixtures.js';

const utf8 = { clock: true, measurements: [] };
const plain = { clock: false, measurements: [] };

describe('progressLine', () => {
  it('matches case-101: clock, conns/seen words, no mps part', () => {
    const line = progressLine(live({ steadyElapsed: 0.1, duration: 3 }), utf8);
    assert.equal(line, '🕛  Traffic 0.000↓, 0.000↑ Mbps (conns 1↓ 1↑ 0⇡; seen 2)');
  });

  it('shows the target rate once k/j changed it, and not before', () => {
    const stats = live({ targetRate: 114.87 });
    assert.doesNotMatch(progressLine(stats, plain), /-r/);
    assert.match(progressLine(stats, { ...plain, showRate: true }), / -r114\.9$/);
    assert.doesNotMatch(progressLine(live(), { ...plain, showRate: true }), /-r/);
  });

  it('matches case-106 under LANG=C: no clock face', () => {
    const line = progressLine(
      live({
        rateBitsIn: 15235.3944e6,
        rateBitsOut: 15388.3371e6,
        conns: conns({ openIn: 2, openOut: 2, initiated: 2, accepted: 2 }),
      }),
      plain,
    );
    assert.equal(line, 'Traffic 15235.394↓, 15388.337↑ Mbps (conns 2↓ 2↑ 0⇡; seen 4)');
  });

  it('matches case-102: mps and latency parts, words dropped', () => {
    const line = progressLine(
      live({
        steadyElapsed: 0.2,
        duration: 4,
        rateBitsIn: 1.8041e6,
        rateBitsOut: 1.8168e6,
        rateMsgsIn: 7273.6,
        rateMsgsOut: 7329.4,
        conns: conns({ openIn: 10, openOut: 10, initiated: 10, accepted: 10 }),
        messageMarkers: true,
        latencyP95: { message: 2.5, connect: 2.1, firstbyte: 4.6 },
      }),
      { clock: true, measurements: ['message', 'connect', 'firstbyte'] },
    );
    assert.equal(
      line,
      '🕛  Traffic 1.804↓, 1.817↑ Mbps (10↓ 10↑ 0⇡; 20) (7274↓ 7329↑ mps) (c=2.1 fb=4.6 m=2.5 ms⁹⁵ᵖ)',
    );
  });

  it('shows ? for a measurement without samples yet', () => {
    const line = progressLine(live({ latencyP95: { connect: Number.NaN } }), {
      clock: false,
      measurements: ['connect', 'firstbyte'],
    });
    assert.equal(line, 'Traffic 0.000↓, 0.000↑ Mbps (1↓ 1↑ 0⇡; 2) (c=? fb=? ms⁹⁵ᵖ)');
  });

  it('labels a third-party measurement by its own name after the built-in ones', () => {
    const line = progressLine(live({ latencyP95: { tls: 3.04, connect: 1 } }), {
      clock: false,
      measurements: ['tls', 'connect'],
    });
    assert.equal(line, 'Traffic 0.000↓, 0.000↑ Mbps (1↓ 1↑ 0⇡; 2) (c=1.0 tls=3.0 ms⁹⁵ᵖ)');
  });

  it('counts connecting sockets and every connection ever seen', () => {
    const line = progressLine(
      live({ conns: conns({ openIn: 3, openOut: 4, connecting: 5, initiated: 9, accepted: 3 }) }),
      plain,
    );
    assert.equal(line, 'Traffic 0.000↓, 0.000↑ Mbps (conns 3↓ 4↑ 5⇡; seen 12)');
  });
});

describe('clockFace', () => {
  it('advances one hour per twelfth of the steady duration', () => {
    assert.equal(clockFace(0, 3), '🕛');
    assert.equal(clockFace(0.24, 3), '🕛');
    assert.equal(clockFace(0.25, 3), '🕐');
    assert.equal(clockFace(1.5, 3), '🕕');
    assert.equal(clockFace(2.99, 3), '🕚');
  });

  it('stays on the last face past the end and on 12 for unbounded runs', () => {
    assert.equal(clockFace(3.2, 3), '🕚');
    assert.equal(clockFace(100, Number.POSITIVE_INFINITY), '🕛');
  });
});

describe('rampRibbon', () => {
  it('reproduces every ribbon of case-103 on an 80-column terminal', () => {
    const frames: [number, number][] = [
      [0, 0],
      [4, 8],
      [9, 18],
      [14, 28],
      [19, 38],
      [24, 48],
      [29, 58],
      [34, 68],
      [39, 78],
    ];
    const expected = [
      '|>----------------------------------------------| 0 of 40 (0)',
      '|====>------------------------------------------| 4 of 40 (8)',
      '|==========>------------------------------------| 9 of 40 (18)',
      '|================>------------------------------| 14 of 40 (28)',
      '|=====================>-------------------------| 19 of 40 (38)',
      '|===========================>-------------------| 24 of 40 (48)',
      '|=================================>-------------| 29 of 40 (58)',
      '|=======================================>-------| 34 of 40 (68)',
      '|============================================>--| 39 of 40 (78)',
    ];
    assert.deepEqual(
      frames.map(([open, seen]) => rampRibbon(open, 40, seen, 80)),
      expected,
    );
  });

  it('caps the width at 50 on wide terminals and fills completely at the target', () => {
    const ribbon = rampRibbon(40, 40, 80, 200);
    assert.equal(ribbon, `|${'='.repeat(48)}>| 40 of 40 (80)`);
  });

  it('leaves room for the counts on narrow terminals', () => {
    // 0.6 × 30 = 18, but " 10 of 100 (20)" takes 15 columns, leaving a width of 30 − 15 − 1 = 14.
    const ribbon = rampRibbon(10, 100, 20, 30);
    assert.equal(ribbon, '|=>-----------| 10 of 100 (20)');
    assert.equal(ribbon.length, 30);
  });

  it('stays well-formed for tiny terminals and overshooting counts', () => {
    assert.equal(rampRibbon(5, 10, 5, 5), '|>-| 5 of 10 (5)');
    assert.equal(rampRibbon(50, 40, 90, 80), `|${'='.repeat(46)}>| 50 of 40 (90)`);
  });
});

describe('readTerminalFacts', () => {
  it('enables escapes and the clock for xterm with a UTF-8 locale', () => {
    assert.deepEqual(readTerminalFacts({ TERM: 'xterm', LANG: 'C.UTF-8' }, 120), {
      canDraw: true,
      escapes: true,
      clock: true,
      columns: 120,
    });
  });

  it('matches utf-8 case-insensitively and only with the dash', () => {
    assert.equal(readTerminalFacts({ TERM: 'xterm', LANG: 'en_US.utf-8' }, 80).clock, true);
    assert.equal(readTerminalFacts({ TERM: 'xterm', LANG: 'en_US.utf8' }, 80).clock, false);
    assert.equal(readTerminalFacts({ TERM: 'xterm', LANG: 'C' }, 80).clock, false);
    assert.equal(readTerminalFacts({ TERM: 'xterm' }, 80).clock, false);
  });

  it('draws without escapes on TERM=dumb and not at all without TERM', () => {
    const dumb = readTerminalFacts({ TERM: 'dumb', LANG: 'C.UTF-8' }, 80);
    assert.equal(dumb.canDraw, true);
    assert.equal(dumb.escapes, false);
    assert.equal(dumb.clock, true);
    const none = readTerminalFacts({}, 80);
    assert.equal(none.canDraw, false);
    assert.equal(none.escapes, false);
  });

  it('falls back to 80 columns when the width is unknown', () => {
    assert.equal(readTerminalFacts({ TERM: 'xterm' }, undefined).columns, 80);
    assert.equal(readTerminalFacts({ TERM: 'xterm' }, 0).columns, 80);
  });
});
