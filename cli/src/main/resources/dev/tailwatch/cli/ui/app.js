// The live page of `tailwatch ui`. The run list comes pushed over server-sent events; the charts of the
// shown run (and of an overlaid one) are fetched again whenever the pushed list says that run changed.
// Every text from the topics (run ids, layer names, event messages) goes in as textContent, never as markup.
'use strict';

const LAYER_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const NETWORK = 'all';
const MARKERS = {
  alpha_drop: { symbol: 'triangle', rotate: 180, colour: '#c62828', label: 'α drop' },
  alpha_rise: { symbol: 'triangle', rotate: 0, colour: '#2e7d32', label: 'α rise' },
  phase_change: { symbol: 'diamond', rotate: 0, colour: '#6a1b9a', label: 'phase change' },
  jump_at_alpha_min: { symbol: 'pin', rotate: 0, colour: '#daa520', label: 'jump at α minimum', size: 26 },
};

const state = {
  runs: [],          // the pushed run list, newest first
  selected: null,    // run id shown
  overlay: '',       // run id overlaid, or ''
  shown: {},         // run id -> version whose detail is drawn
  details: {},       // run id -> last fetched detail
  fetching: {},      // run id -> true while a fetch is out
  userPicked: false, // once a run is clicked, the newest no longer takes over
};

const charts = {};

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    charts[id].group = 'tailwatch';
    echarts.connect('tailwatch');
  }
  return charts[id];
}

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function fmt(x, digits) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(digits);
}

function stateOf(run) {
  if (run.stalled) return 'stalled';
  if (run.finished) return 'finished';
  return 'running';
}

// ---- the run list -------------------------------------------------------------------------------

function renderRuns(board) {
  state.runs = board.runs;
  const tbody = document.querySelector('#runs tbody');
  tbody.replaceChildren();
  for (const run of board.runs) {
    const tr = document.createElement('tr');
    tr.dataset.run = run.id;
    if (run.id === state.selected) tr.className = 'selected';
    tr.append(el('td', run.id, 'run-id'), el('td', run.status, 'status'), el('td', run.iteration, 'num iteration'),
      el('td', fmt(run.alpha, 3), 'num alpha'), el('td', run.events, 'num events'),
      el('td', stateOf(run), 'state state-' + stateOf(run)), el('td', run.model, 'model'));
    tr.addEventListener('click', () => { state.userPicked = true; select(run.id); });
    tbody.append(tr);
  }
  document.getElementById('no-runs').hidden = board.runs.length > 0;
  renderOverlayChoices();
  if ((!state.selected || !state.userPicked) && board.runs.length > 0 && state.selected !== board.runs[0].id) {
    select(board.runs[0].id);
  } else {
    refreshIfChanged();
  }
}

function renderOverlayChoices() {
  const select = document.getElementById('overlay');
  const choices = state.runs.map(r => r.id).filter(id => id !== state.selected);
  const now = [...select.options].slice(1).map(o => o.value);
  // Rebuilt only when the choices change: a list rebuilt on every push would close it under the user's pointer.
  if (choices.length === now.length && choices.every((id, i) => id === now[i])) return;
  const none = el('option', '(none)');
  none.value = '';
  select.replaceChildren(none);
  for (const id of choices) {
    const o = el('option', id);
    o.value = id;
    if (id === state.overlay) o.selected = true;
    select.append(o);
  }
}

function select(runId) {
  state.selected = runId;
  if (state.overlay === runId) state.overlay = '';
  state.shown = {};
  document.querySelectorAll('#runs tbody tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.run === runId));
  document.getElementById('run').hidden = false;
  const base = '/runs/' + encodeURIComponent(runId) + '/';
  for (const file of ['alpha', 'events', 'layer-stats', 'metrics']) {
    const a = document.getElementById('csv-' + file);
    a.href = base + file + '.csv';
  }
  renderOverlayChoices();
  refreshIfChanged();
}

function versionOf(runId) {
  const run = state.runs.find(r => r.id === runId);
  return run ? run.version : -1;
}

function refreshIfChanged() {
  for (const runId of [state.selected, state.overlay]) {
    if (runId && state.shown[runId] !== versionOf(runId) && !state.fetching[runId]) fetchDetail(runId);
  }
}

async function fetchDetail(runId) {
  state.fetching[runId] = true;
  const wanted = versionOf(runId);
  try {
    const response = await fetch('/api/runs/' + encodeURIComponent(runId));
    if (response.ok) {
      const detail = await response.json();
      state.details[runId] = detail;
      state.shown[runId] = detail.run.version;
      draw();
    } else {
      // The run left the board: ask again only when a push says it changed, not in a tight loop.
      state.shown[runId] = wanted;
    }
  } catch (e) {
    // The server is away; the stream reconnects and its next push asks again.
    state.shown[runId] = wanted;
  } finally {
    state.fetching[runId] = false;
  }
  // Changed again while we fetched: go again.
  if (runId === state.selected || runId === state.overlay) refreshIfChanged();
}

// ---- the charts ---------------------------------------------------------------------------------

function draw() {
  const detail = state.details[state.selected];
  if (!detail) return;
  const overlay = state.overlay ? state.details[state.overlay] : null;
  const run = detail.run;
  document.getElementById('run-title').textContent = 'run ' + run.id + ' — iteration ' + run.iteration + ', network α '
    + fmt(run.alpha, 3) + ', ' + stateOf(run);
  const xMax = Math.max(run.iteration, overlay ? overlay.run.iteration : 0, 1);
  drawAlpha(detail, overlay, xMax);
  drawMetrics(detail, overlay, xMax);
  drawLayerStats(detail, xMax);
  drawEvents(detail);
  // For tests and the load bench: what was drawn last, and when (ms since the page's navigation began).
  window.tailwatchLastDraw = { run: run.id, iteration: run.iteration, at: performance.now(),
    draws: (window.tailwatchLastDraw ? window.tailwatchLastDraw.draws : 0) + 1 };
}

function colourOf(detail, layer) {
  if (layer === NETWORK) return '#111';
  const i = detail.layers.indexOf(layer);
  return LAYER_COLOURS[(i < 0 ? 0 : i) % LAYER_COLOURS.length];
}

function layersIn(detail) {
  const names = [...detail.layers];
  for (const l of Object.keys(detail.alpha.rolling).concat(Object.keys(detail.alpha.iteration))) {
    if (l !== NETWORK && !names.includes(l)) names.push(l);
  }
  return [NETWORK, ...names];
}

/** The value of a [[x, y], ...] series at the last point at or before x (for placing markers). */
function valueAt(points, x) {
  if (!points || points.length === 0) return null;
  let lo = 0, hi = points.length - 1;
  if (x < points[0][0]) return points[0][1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid][0] <= x) lo = mid; else hi = mid - 1;
  }
  return points[lo][1];
}

function axis(xMax) {
  return { type: 'value', name: 'iteration', nameLocation: 'middle', nameGap: 24, min: 0, max: xMax, axisLabel: { hideOverlap: true } };
}

function drawAlpha(detail, overlay, xMax) {
  const series = [];
  for (const layer of layersIn(detail)) {
    const colour = colourOf(detail, layer);
    const name = layer === NETWORK ? 'network' : layer;
    if (detail.alpha.iteration[layer]) {
      series.push({ name: name + ' per iteration', type: 'line', data: detail.alpha.iteration[layer], showSymbol: false,
        lineStyle: { width: 0.6, opacity: 0.35, color: colour }, itemStyle: { color: colour }, z: 1, animation: false });
    }
    if (detail.alpha.rolling[layer]) {
      series.push({ name: name + ' rolling', type: 'line', data: detail.alpha.rolling[layer], showSymbol: false,
        lineStyle: { width: layer === NETWORK ? 2.5 : 1.6, color: colour }, itemStyle: { color: colour }, z: 3, animation: false });
    }
  }
  if (overlay && overlay.alpha.rolling[NETWORK]) {
    series.push({ name: overlay.run.id + ' network rolling', type: 'line', data: overlay.alpha.rolling[NETWORK], showSymbol: false,
      lineStyle: { width: 2, type: 'dashed', color: '#555' }, itemStyle: { color: '#555' }, z: 2, animation: false });
  }
  const network = detail.alpha.rolling[NETWORK];
  const markers = detail.events.filter(e => MARKERS[e.type]).map(e => {
    const alphaEvent = (e.type === 'alpha_drop' || e.type === 'alpha_rise') && e.after !== null;
    const y = alphaEvent ? e.after : valueAt(e.layer === NETWORK ? network : detail.alpha.rolling[e.layer] || network, e.iteration);
    const m = MARKERS[e.type];
    return { value: [e.iteration, y === null ? 0 : y], type: e.type, layer: e.layer, message: e.message,
      symbol: m.symbol, symbolRotate: m.rotate, symbolSize: m.size || 13, itemStyle: { color: m.colour } };
  });
  series.push({ name: 'events', type: 'scatter', data: markers, symbolSize: 13, z: 10, animation: false, itemStyle: { color: '#c62828' },
    tooltip: { trigger: 'item', formatter: p => p.data.type + ' (' + p.data.layer + ') at ' + p.data.value[0] + ': ' + p.data.message } });
  chart('alpha-chart').setOption({
    title: { text: 'α — rolling (bold) and per iteration (faint); ▼ drop ▲ rise ◆ phase change, pin: jump at α minimum', textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'line' }, order: 'valueDesc' },
    legend: { type: 'scroll', top: 22, data: series.map(s => s.name) },
    grid: { top: 70, left: 50, right: 60, bottom: 40 },
    xAxis: axis(xMax),
    yAxis: { type: 'value', name: 'α', scale: true },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series,
  }, { replaceMerge: ['series'] });
}

function drawMetrics(detail, overlay, xMax) {
  const m = detail.metrics;
  const series = [
    { name: 'loss', type: 'line', data: m.loss, showSymbol: false, yAxisIndex: 0, lineStyle: { width: 1.2, color: '#444' }, itemStyle: { color: '#444' } },
    { name: 'train accuracy', type: 'line', data: m.trainAccuracy, showSymbol: false, yAxisIndex: 1, lineStyle: { width: 1.2, color: '#00897b' }, itemStyle: { color: '#00897b' } },
    { name: 'test accuracy', type: 'line', data: m.testAccuracy, showSymbol: m.testAccuracy.length < 200, yAxisIndex: 1, lineStyle: { width: 1.2, color: '#e65100' }, itemStyle: { color: '#e65100' } },
  ];
  if (overlay) {
    series.push({ name: overlay.run.id + ' loss', type: 'line', data: overlay.metrics.loss, showSymbol: false, yAxisIndex: 0,
      lineStyle: { width: 1.2, type: 'dashed', color: '#999' }, itemStyle: { color: '#999' } });
  }
  series.forEach(s => { s.animation = false; });
  chart('metrics-chart').setOption({
    title: { text: 'loss and accuracy', textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 60 },
    grid: { top: 40, left: 50, right: 60, bottom: 40 },
    xAxis: axis(xMax),
    yAxis: [{ type: 'value', name: 'loss', scale: true }, { type: 'value', name: 'accuracy', min: 0, max: 1 }],
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series,
  }, { replaceMerge: ['series'] });
}

function drawLayerStats(detail, xMax) {
  const series = [];
  Object.entries(detail.layerStats).forEach(([layer, s]) => {
    const colour = colourOf(detail, layer);
    // The band as one polygon (p90 forwards, p10 backwards): a custom series, because stacking a difference on
    // a value axis pairs points by index and breaks where the layers' windows differ.
    series.push({ name: layer + ' α_i 10–90 %', type: 'custom', data: s.band, encode: { x: 0, y: [1, 2] }, silent: true, z: 1,
      tooltip: { show: false },
      renderItem: (params, api) => {
        if (params.dataIndex !== 0) return null;
        const upper = s.band.map(b => api.coord([b[0], b[2]]));
        const lower = s.band.map(b => api.coord([b[0], b[1]])).reverse();
        return { type: 'polygon', shape: { points: upper.concat(lower) }, style: { fill: colour, opacity: 0.15 } };
      } });
    series.push({ name: layer + ' α_i median', type: 'line', data: s.median, showSymbol: false, lineStyle: { width: 1.6, color: colour }, itemStyle: { color: colour } });
    series.push({ name: layer + ' SαS wins', type: 'line', data: s.sasWins, showSymbol: false, yAxisIndex: 1,
      lineStyle: { width: 1, type: 'dashed', color: colour }, itemStyle: { color: colour } });
  });
  series.forEach(s => { s.animation = false; });
  chart('layer-chart').setOption({
    title: { text: 'per-parameter α_i: median and 10–90 % band per layer; dashed: SαS-wins fraction', textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 20, data: series.filter(s => s.type === 'line').map(s => s.name) },
    grid: { top: 60, left: 50, right: 60, bottom: 40 },
    xAxis: axis(xMax),
    yAxis: [{ type: 'value', name: 'α_i', scale: true }, { type: 'value', name: 'SαS wins', min: 0, max: 1 }],
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series,
  }, { replaceMerge: ['series'] });
}

function drawEvents(detail) {
  const tbody = document.querySelector('#events tbody');
  tbody.replaceChildren();
  const newestFirst = [...detail.events].reverse();
  for (const e of newestFirst) {
    const tr = document.createElement('tr');
    tr.dataset.type = e.type;
    tr.append(el('td', e.iteration, 'num'), el('td', e.layer === NETWORK ? 'network' : e.layer || '–'), el('td', e.type, 'type-' + e.type), el('td', e.message));
    tbody.append(tr);
  }
  document.getElementById('events-note').textContent = detail.run.events > detail.eventsKept
    ? '(the newest ' + detail.eventsKept + ' of ' + detail.run.events + ')' : '(' + detail.run.events + ')';
}

// ---- the connection -----------------------------------------------------------------------------

function connect() {
  const status = document.getElementById('connection');
  const source = new EventSource('/api/stream');
  source.addEventListener('runs', event => {
    const board = JSON.parse(event.data);
    status.textContent = board.caughtUp ? 'live' : 'reading the topics…';
    status.className = 'connection live';
    renderRuns(board);
  });
  source.onerror = () => {
    status.textContent = 'connection lost, retrying…';
    status.className = 'connection problem';
  };
}

document.getElementById('overlay').addEventListener('change', e => {
  state.overlay = e.target.value;
  delete state.shown[state.overlay];
  if (!state.overlay) draw(); else refreshIfChanged();
});
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
connect();
