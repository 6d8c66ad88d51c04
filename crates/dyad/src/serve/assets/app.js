// dyad dashboard: plain JavaScript, no library. Every element is built with
// createElement (never innerHTML), so text from the database is never read
// as markup. Charts are SVG drawn here.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const QUAD = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const QUAD_COLOR = ['#9ecae1', '#2b7bba', '#f4a261', '#c0392b'];

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  };
  const res = await fetch(path, opts);
  const data = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.append(k, v);
  const t = q.toString();
  return t ? '?' + t : '';
}

function formValues(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) out[k] = String(v).trim();
  return out;
}

// Goldstein -10 (conflict, red) .. 0 (grey) .. +10 (cooperation, blue).
function mix(a, b, t) {
  const p = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const [x, y] = [p(a), p(b)];
  return '#' + x.map((v, i) => Math.round(v + (y[i] - v) * t).toString(16).padStart(2, '0')).join('');
}
function goldsteinColor(g) {
  if (g === null || g === undefined) return '#98a2ad';
  const t = Math.max(-1, Math.min(1, g / 7));
  return t < 0 ? mix('#98a2ad', '#c0392b', -t) : mix('#98a2ad', '#1f6fb2', t);
}
function gsBadge(g) {
  const b = h('span', { class: 'gs', title: 'Goldstein value' }, g === null || g === undefined ? '–' : (g > 0 ? '+' : '') + Number(g).toFixed(1));
  b.style.background = goldsteinColor(g);
  return b;
}

function partyName(p) {
  if (!p) return '–';
  return p.org || p.country || p.code || p.text;
}

function highlighted(parts) {
  return h('div', { class: 'sentence' }, parts.map((p) =>
    p.mark ? h('span', { class: 'mark-' + p.mark, title: p.mark }, p.text) : p.text));
}

// ---- tabs ---------------------------------------------------------------

const views = ['network', 'timeline', 'events', 'code'];
const loaded = {};
function show(tab) {
  if (!views.includes(tab)) tab = 'network';
  for (const v of views) document.getElementById('view-' + v).classList.toggle('hidden', v !== tab);
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('active', a.dataset.tab === tab);
  if (!loaded[tab]) { loaded[tab] = true; init[tab](); }
}

// ---- event lists and details ---------------------------------------------

function eventTable(events, empty) {
  if (!events.length) return h('p', { class: 'meta' }, empty || 'No events.');
  const body = h('tbody');
  for (const e of events) {
    const row = h('tr', { class: 'row', 'data-key': e.key },
      h('td', {}, e.date),
      h('td', { class: 'dyad' }, partyName(e.source)),
      h('td', {}, e.cameo_name, ' ', h('span', { class: 'code' }, e.cameo)),
      h('td', { class: 'dyad' }, partyName(e.target)),
      h('td', {}, gsBadge(e.goldstein)),
      h('td', { class: 'meta' }, `${e.sources} source${e.sources === 1 ? '' : 's'}`));
    row.addEventListener('click', () => toggleDetail(row, e.key));
    body.append(row);
  }
  return h('table', { class: 'events' },
    h('thead', {}, h('tr', {}, ['Date', 'Source', 'Event', 'Target', 'Goldstein', 'Reported by'].map((t) => h('th', {}, t)))),
    body);
}

async function toggleDetail(row, key) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('detail')) { next.remove(); return; }
  const cell = h('td', { colspan: 6 }, h('span', { class: 'meta' }, 'Loading…'));
  row.after(h('tr', { class: 'detail' }, cell));
  try {
    const d = await api('/api/events/' + encodeURIComponent(key));
    cell.replaceChildren(detailView(d));
  } catch (err) {
    cell.replaceChildren(h('span', { class: 'error' }, err.message));
  }
}

function detailView(d) {
  const e = d.event;
  const head = h('div', { class: 'meta' },
    `${QUAD[e.quad_class - 1] || ''} · PLOVER ${e.plover.type || '–'} · ${e.mentions} mention(s) in ${e.documents} document(s) from ${e.sources} source(s)`,
    e.location ? ` · ${e.location.text}` : '');
  const ms = d.mentions.map((m) => h('div', { class: 'mention' },
    highlighted(m.parts),
    h('div', { class: 'meta' }, `${m.doc} (${m.outlet}), ${m.doc_day} · “${m.verb}” → ${m.cameo} ${m.cameo_name} · rule ${m.rule}`)));
  return h('div', { class: 'event-detail' }, head, ms);
}

async function loadEvents(target, params, title) {
  target.classList.remove('hidden');
  target.replaceChildren(h('p', { class: 'meta' }, 'Loading…'));
  try {
    const r = await api('/api/events' + query(params));
    const pager = h('div', { class: 'pager' }, `${r.total} event${r.total === 1 ? '' : 's'}`);
    if (r.offset > 0) {
      pager.append(h('button', { class: 'small', onclick: () => loadEvents(target, { ...params, offset: Math.max(0, r.offset - r.limit) }, title) }, '← Previous'));
    }
    if (r.next_offset !== null && r.next_offset !== undefined) {
      pager.append(h('button', { class: 'small', onclick: () => loadEvents(target, { ...params, offset: r.next_offset }, title) }, 'Next →'));
    }
    if (r.total > r.events.length) pager.append(` showing ${r.offset + 1}–${r.offset + r.events.length}`);
    target.replaceChildren(title ? h('h2', {}, title) : '', eventTable(r.events, 'No events match.'), pager);
  } catch (err) {
    target.replaceChildren(h('p', { class: 'error' }, err.message));
  }
}

// ---- network ------------------------------------------------------------

function layout(nodes, edges, w, hgt) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    return { x: w / 2 + (w / 3) * Math.cos(a), y: hgt / 2 + (hgt / 3) * Math.sin(a) };
  });
  const index = new Map(nodes.map((d, i) => [d.key, i]));
  const k = Math.sqrt((w * hgt) / Math.max(1, n)) * 0.6;
  for (let it = 0; it < 300; it++) {
    const temp = (1 - it / 300) * 40 + 1;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / d;
        dx /= d; dy /= d;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      let dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const f = (d * d) / k;
      dx /= d; dy /= d;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (w / 2 - pos[i].x) * 0.05 * k / 10;
      disp[i].y += (hgt / 2 - pos[i].y) * 0.05 * k / 10;
      const d = Math.max(1, Math.hypot(disp[i].x, disp[i].y));
      pos[i].x = Math.min(w - 60, Math.max(60, pos[i].x + (disp[i].x / d) * Math.min(d, temp)));
      pos[i].y = Math.min(hgt - 40, Math.max(40, pos[i].y + (disp[i].y / d) * Math.min(d, temp)));
    }
  }
  return new Map(nodes.map((d, i) => [d.key, pos[i]]));
}

async function drawNetwork() {
  const svg = document.getElementById('network');
  const form = document.getElementById('network-form');
  const { from, to } = formValues(form);
  svg.replaceChildren();
  let net;
  try {
    net = await api('/api/network' + query({ from, to, limit: 120 }));
  } catch (err) {
    svg.append(s('text', { x: 450, y: 280, 'text-anchor': 'middle', class: 'empty' }, err.message));
    return;
  }
  if (!net.edges.length) {
    svg.append(s('text', { x: 450, y: 280, 'text-anchor': 'middle', class: 'empty' },
      'No events between two actors yet. Store some with `dyad ingest`.'));
    return;
  }
  const W = 900, H = 560;
  const pos = layout(net.nodes, net.edges, W, H);
  const maxN = Math.max(...net.nodes.map((d) => d.events));
  const radius = (d) => 14 + 16 * Math.sqrt(d.events / maxN);
  const rOf = new Map(net.nodes.map((d) => [d.key, radius(d)]));
  const maxE = Math.max(...net.edges.map((e) => e.events));
  const defs = s('defs');
  svg.append(defs);
  const edgeLayer = s('g', {});
  const nodeLayer = s('g', {});
  svg.append(edgeLayer, nodeLayer);
  net.edges.forEach((e, i) => {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b || e.source === e.target) return;
    const color = goldsteinColor(e.goldstein_mean);
    const id = 'arrow' + i;
    defs.append(s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z', fill: color })));
    // A gentle curve, so A→B and B→A stay apart.
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
    const nx = -dy / d, ny = dx / d;
    const bend = 0.12 * d;
    const cx = (a.x + b.x) / 2 + nx * bend, cy = (a.y + b.y) / 2 + ny * bend;
    const ra = rOf.get(e.source), rb = rOf.get(e.target);
    const ta = Math.hypot(cx - a.x, cy - a.y) || 1, tb = Math.hypot(cx - b.x, cy - b.y) || 1;
    const sx = a.x + ((cx - a.x) / ta) * ra, sy = a.y + ((cy - a.y) / ta) * ra;
    const ex = b.x + ((cx - b.x) / tb) * (rb + 3), ey = b.y + ((cy - b.y) / tb) * (rb + 3);
    const path = `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
    const width = 1.5 + 5 * Math.sqrt(e.events / maxE);
    const g = s('g', { class: 'edge', 'data-source': e.source, 'data-target': e.target },
      s('title', {}, `${e.source} → ${e.target}: ${e.events} event(s), mean Goldstein ${e.goldstein_mean === null ? '–' : e.goldstein_mean.toFixed(1)}`),
      s('path', { class: 'line', d: path, stroke: color, 'stroke-width': width.toFixed(1), 'marker-end': `url(#${id})` }),
      s('path', { class: 'hit', d: path }));
    g.addEventListener('click', () => {
      for (const x of svg.querySelectorAll('.edge.selected')) x.classList.remove('selected');
      g.classList.add('selected');
      loadEvents(document.getElementById('network-events'), { source: e.source, target: e.target, from, to, limit: 25 },
        `${e.source} → ${e.target}`);
    });
    edgeLayer.append(g);
  });
  for (const n of net.nodes) {
    const p = pos.get(n.key);
    const r = rOf.get(n.key);
    nodeLayer.append(s('g', { class: 'node', 'data-key': n.key, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
      s('title', {}, `${n.key}: ${n.events} event(s)`),
      s('circle', { r: r.toFixed(1) }),
      s('text', { 'text-anchor': 'middle', dy: '0.35em' }, n.key)));
  }
}

// ---- timeline -------------------------------------------------------------

async function initTimeline() {
  const form = document.getElementById('timeline-form');
  const legend = document.getElementById('timeline-legend');
  legend.replaceChildren(...QUAD.map((q, i) => h('span', {}, h('span', { class: 'swatch q' + (i + 1) }), ' ', q)),
    h('span', {}, '— mean Goldstein'));
  let actors = [], edges = [];
  try {
    actors = (await api('/api/actors?limit=500')).actors;
    edges = (await api('/api/network?limit=1')).edges;
  } catch (err) { /* drawn below as an empty chart */ }
  for (const name of ['source', 'target']) {
    const sel = form.elements[name];
    sel.replaceChildren(h('option', { value: '' }, 'any'), ...actors.map((a) => h('option', { value: a.key }, `${a.key} (${a.events})`)));
  }
  if (edges.length) { form.elements.source.value = edges[0].source; form.elements.target.value = edges[0].target; }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); drawTimeline(); });
  drawTimeline();
}

async function drawTimeline() {
  const svg = document.getElementById('timeline');
  const { source, target, interval } = formValues(document.getElementById('timeline-form'));
  svg.replaceChildren();
  let r;
  try {
    r = await api('/api/series' + query({ source, target, interval }));
  } catch (err) {
    svg.append(s('text', { x: 450, y: 180, 'text-anchor': 'middle', class: 'empty' }, err.message));
    return;
  }
  const data = r.series;
  if (!data.length) {
    svg.append(s('text', { x: 450, y: 180, 'text-anchor': 'middle', class: 'empty' }, 'No events for this dyad.'));
    return;
  }
  const W = 900, H = 360, L = 50, R = 50, T = 20, B = 50;
  const iw = W - L - R, ih = H - T - B;
  const maxY = Math.max(1, ...data.map((d) => d.events));
  const bw = iw / data.length;
  const y = (v) => T + ih - (v / maxY) * ih;
  const gy = (g) => T + ih / 2 - (g / 10) * (ih / 2);
  const axis = s('g', { class: 'axis' });
  const ticks = Math.min(maxY, 5);
  for (let i = 0; i <= ticks; i++) {
    const v = Math.round((maxY * i) / ticks);
    axis.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), 'stroke-dasharray': i ? '2,3' : null }),
      s('text', { x: L - 8, y: y(v) + 4, 'text-anchor': 'end' }, v));
  }
  for (const g of [-10, 0, 10]) axis.append(s('text', { x: W - R + 8, y: gy(g) + 4 }, (g > 0 ? '+' : '') + g));
  const every = Math.ceil(data.length / 12);
  data.forEach((d, i) => {
    if (i % every === 0) axis.append(s('text', { x: L + bw * (i + 0.5), y: H - B + 18, 'text-anchor': 'middle' }, d.period));
  });
  svg.append(axis);
  const bars = s('g', {});
  data.forEach((d, i) => {
    let acc = 0;
    d.quad.forEach((n, q) => {
      if (!n) return;
      bars.append(s('rect', { x: (L + bw * i + bw * 0.15).toFixed(1), width: Math.max(1, bw * 0.7).toFixed(1),
        y: y(acc + n).toFixed(1), height: (y(acc) - y(acc + n)).toFixed(1), fill: QUAD_COLOR[q], class: 'bar' },
      s('title', {}, `${d.period}: ${n} ${QUAD[q]}`)));
      acc += n;
    });
  });
  svg.append(bars);
  const pts = data.map((d, i) => (d.goldstein_mean === null ? null : [L + bw * (i + 0.5), gy(d.goldstein_mean)])).filter(Boolean);
  if (pts.length) {
    svg.append(s('polyline', { points: pts.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' '), fill: 'none', stroke: '#17212e', 'stroke-width': 2 }));
    for (const p of pts) svg.append(s('circle', { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 3.5, fill: '#17212e' }));
  }
  loadEvents(document.getElementById('timeline-events'), { source, target, limit: 25 },
    `${source || 'any'} → ${target || 'any'}`);
}

// ---- events -----------------------------------------------------------------

function initEvents() {
  const form = document.getElementById('events-form');
  const list = document.getElementById('events-list');
  const run = () => loadEvents(list, { ...formValues(form), limit: 50 });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
  run();
}

// ---- code an article ------------------------------------------------------------

function initCode() {
  const form = document.getElementById('code-form');
  const status = document.getElementById('code-status');
  const out = document.getElementById('code-result');
  if (!form.elements.date.value) form.elements.date.value = new Date().toISOString().slice(0, 10);
  api('/api/info').then((i) => {
    if (!i.allow_code) {
      status.textContent = 'Coding is off on this server: start it with `dyad serve --allow-code`.';
      form.querySelector('button').disabled = true;
    }
  }).catch(() => {});
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { text, date } = formValues(form);
    status.textContent = 'Coding…';
    status.classList.remove('error');
    out.replaceChildren();
    try {
      const r = await api('/api/code', { text, date: date || null });
      status.textContent = `${r.events.length} event${r.events.length === 1 ? '' : 's'} in ${r.sentences.length} sentence${r.sentences.length === 1 ? '' : 's'}, dated ${r.day}.`;
      if (!r.events.length) out.append(h('p', { class: 'meta' }, 'No events found. Try “Explain” on a sentence below.'));
      for (const e of r.events) out.append(codedEvent(e, date));
      out.append(h('h2', {}, 'Sentences'));
      for (const sn of r.sentences) out.append(sentenceRow(sn.text, date));
    } catch (err) {
      status.textContent = err.message;
      status.classList.add('error');
    }
  });
}

function codedEvent(e, date) {
  return h('div', { class: 'event-card' },
    h('div', { class: 'event-head' },
      h('span', { class: 'dyad' }, partyName(e.source), ' → ', partyName(e.target)),
      h('span', {}, e.cameo_name, ' ', h('span', { class: 'code' }, e.cameo)),
      gsBadge(e.goldstein),
      h('span', { class: 'meta' }, `${e.date || ''} · PLOVER ${e.plover.type || '–'}${e.location ? ' · ' + e.location.text : ''}`)),
    highlighted(e.parts),
    explainButton(e.text, date));
}

function sentenceRow(text, date) {
  return h('div', { class: 'mention' }, h('div', { class: 'sentence' }, text), explainButton(text, date));
}

function explainButton(text, date) {
  const box = h('div', {});
  const btn = h('button', { class: 'small explain', type: 'button' }, 'Explain');
  btn.addEventListener('click', async () => {
    if (box.firstChild) { box.replaceChildren(); return; }
    box.replaceChildren(h('span', { class: 'meta' }, 'Reading…'));
    try {
      const r = await api('/api/explain', { text, date: date || null });
      box.replaceChildren(h('pre', { class: 'explain' }, r.lines.join('\n')));
    } catch (err) {
      box.replaceChildren(h('span', { class: 'error' }, err.message));
    }
  });
  return h('div', {}, btn, box);
}

// ---- start ------------------------------------------------------------------

const init = {
  network() {
    document.getElementById('network-form').addEventListener('submit', (ev) => { ev.preventDefault(); drawNetwork(); });
    drawNetwork();
  },
  timeline: initTimeline,
  events: initEvents,
  code: initCode,
};

document.addEventListener('DOMContentLoaded', () => {
  api('/api/info').then((i) => {
    const c = i.counts;
    document.getElementById('counts').textContent = `${c.events} events · ${c.documents} documents`;
  }).catch(() => {});
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
});
