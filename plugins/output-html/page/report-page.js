// Draws the report's charts with uPlot (inlined before this script) from the JSON the writer
// embedded in #report-charts: the numbers are computed in Node, so this only lays them out.
//
// Each chart leaves evidence of what it drew on its container (data-points: non-null values
// drawn, data-series: lines drawn, both read back from the uPlot instance after drawing), and
// the body gets data-rendered (charts drawn) once all of them drew, or data-error. That is what
// the end-to-end test reads from a headless browser's DOM, instead of trusting pixels.
(() => {
  const HEIGHT = 300;
  const COLORS = ['#1f6fd1', '#d1451f', '#2e9e44', '#8c4fd1', '#c99a06', '#138f8f', '#c2407a', '#5c6b7a'];

  const fail = (message) => {
    if (document.body.dataset.error === undefined) document.body.dataset.error = String(message);
  };
  window.addEventListener('error', (event) => fail(event.message));

  /** 1/(1-p) back to a percentile label: 1 → 0%, 10 → 90%, 1000 → 99.9%. */
  const percentileLabel = (inverse, digits) => {
    const p = 100 - 100 / inverse;
    return `${p.toFixed(digits)}%`;
  };

  /** The "nines": 1, 10, 100… up to the end of the curve, where every tick is a named percentile. */
  const decadeSplits = (_u, _axis, min, max) => {
    const splits = [];
    for (let v = 1; v <= max * 1.0001; v *= 10) if (v >= min / 1.0001) splits.push(v);
    return splits;
  };

  const decadeLabels = (_u, splits) =>
    splits.map((v) => percentileLabel(v, Math.max(0, Math.round(Math.log10(v)) - 2)));

  /** Axis and legend numbers with decimal prefixes (12.3M), as bandwidth is written. */
  const si = (v) => {
    if (v === null || v === undefined) return '–';
    const prefixes = ['', 'k', 'M', 'G', 'T'];
    let i = 0;
    let n = v;
    while (Math.abs(n) >= 1000 && i < prefixes.length - 1) {
      n /= 1000;
      i++;
    }
    return `${Number(n.toPrecision(3))}${prefixes[i]}`;
  };

  const withUnit = (text, unit) => (unit === '' ? text : `${text} ${unit}`);

  const xAxis = (spec) =>
    spec.kind === 'spectrum'
      ? { label: 'percentile', splits: decadeSplits, values: decadeLabels }
      : { label: 'seconds since start' };

  const xSeries = (spec) =>
    spec.kind === 'spectrum'
      ? {
          label: 'percentile',
          value: (_u, v) => (v === null || v === undefined ? '–' : percentileLabel(v, 4)),
        }
      : { label: 'time', value: (_u, v) => (v === null || v === undefined ? '–' : `${v.toFixed(1)} s`) };

  const options = (spec, width, drawn) => {
    let lines = 0;
    return {
      width,
      height: HEIGHT,
      scales: {
        x: spec.kind === 'spectrum' ? { time: false, distr: 3, log: 10 } : { time: false },
        // Every figure here is a latency, a rate or a count: from zero, so heights compare.
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
      },
      axes: [xAxis(spec), { label: spec.unit, values: (_u, splits) => splits.map(si), size: 60 }],
      series: [
        xSeries(spec),
        ...spec.series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          // Timelines come in pairs (sent/received, p50/p99): the second of each is dashed,
          // so that it stays visible where it lies on top of the first.
          dash: spec.kind === 'timeline' && i % 2 === 1 ? [6, 4] : undefined,
          points: { show: spec.x.length <= 60 },
          value: (_u, v) => withUnit(si(v), spec.unit),
        })),
      ],
      legend: { live: true },
      hooks: {
        drawClear: [
          () => {
            lines = 0;
          },
        ],
        drawSeries: [
          () => {
            lines++;
          },
        ],
        draw: [
          (u) => {
            let points = 0;
            for (let i = 1; i < u.data.length; i++)
              for (const v of u.data[i]) if (v !== null && v !== undefined) points++;
            u.root.parentElement.dataset.points = String(points);
            u.root.parentElement.dataset.series = String(lines);
            drawn(spec.id);
          },
        ],
      },
    };
  };

  const draw = () => {
    const specs = JSON.parse(document.getElementById('report-charts').textContent);
    const done = new Set();
    const drawn = (id) => {
      done.add(id);
      if (done.size === specs.length) document.body.dataset.rendered = String(done.size);
    };
    const charts = [];
    for (const spec of specs) {
      // One chart that cannot be drawn must not cost the reader the others.
      try {
        const box = document.getElementById(spec.id);
        const data = [spec.x, ...spec.series.map((s) => s.values)];
        charts.push(new uPlot(options(spec, Math.max(box.clientWidth, 320), drawn), data, box));
      } catch (err) {
        fail(`${spec.id}: ${err instanceof Error ? err.message : err}`);
      }
    }
    if (specs.length === 0) document.body.dataset.rendered = '0';

    let pending = false;
    window.addEventListener('resize', () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        for (const u of charts)
          u.setSize({ width: Math.max(u.root.parentElement.clientWidth, 320), height: HEIGHT });
      });
    });
  };

  try {
    draw();
  } catch (err) {
    fail(err instanceof Error ? `${err.name}: ${err.message}` : err);
  }
})();
