import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeHtml,
  inlineScript,
  inlineStyle,
  jsonForScript,
} from '../../../plugins/output-html/src/escape-html.js';
import { renderReport } from '../../../plugins/output-html/src/report-html.js';
import { kaliApi } from '../../helpers/kali-api.js';
import { fixtureResult, HOSTILE_MESSAGE } from './fixture-result.js';

describe('escaping what the page shows', () => {
  it('turns markup into text', () => {
    assert.equal(
      escapeHtml(`<script>alert("x")</script> & 'y'`),
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  it('embeds JSON that cannot end its script element and reads back the same', () => {
    const value = { line: '</script><!-- <script>x</script> & \u2028', n: [1, null] };
    const text = jsonForScript(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('keeps inlined code and styles from closing their element', () => {
    assert.equal(inlineScript('a="</script>";b="<!--"'), 'a="<\\/script>";b="<\\!--"');
    assert.equal(inlineStyle('a::after{content:"</STYLE>"}'), 'a::after{content:"<\\/STYLE>"}');
  });

  it('shows a -m message with markup as text, and nowhere as markup', () => {
    const html = renderReport(fixtureResult(), kaliApi.decodeHistogram);
    assert.ok(!html.includes(HOSTILE_MESSAGE), 'the message appears raw');
    assert.ok(!html.includes('<script>document.body'), 'the message opens a script element');
    assert.ok(html.includes('&lt;script&gt;document.body.dataset.injected=&quot;yes&quot;&lt;/script&gt;'));
    // The page's own three scripts (chart data, uPlot, the page's code) and no other.
    assert.equal(html.match(/<script\b/gi)?.length, 3);
    assert.equal(html.match(/<\/script\b/gi)?.length, 3);
  });

  it('escapes the whole configuration and every metric name and title', () => {
    const result = fixtureResult();
    result.config.destinations = [{ text: '<b>evil</b>:1' }];
    result.metrics['x.<i>'] = { ...result.metrics['message.ok'], title: '<img src=x onerror=alert(1)>' };
    const html = renderReport(result, kaliApi.decodeHistogram);
    assert.ok(!html.includes('<b>evil'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('x.<i>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });
});
