// Merit's dashboard: reads /api/state and /api/metagraph, draws tables and SVG plots, and
// follows /api/events (Server-Sent Events) to update itself at each finalized block and epoch.
// No library and no CDN: this file is all the page runs.
'use strict';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
const view = { state: null, netuid: null, rows: [], sort: { key: 'incentive', desc: true }, uid: null };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, text) => {
  const node = document.createElementNS(tag === 'svg' || attrs.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs)) if (k !== 'svg') node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
const svgEl = (tag, attrs, text) => el(tag, { ...attrs, svg: true }, text);

// Planck (a decimal string) as MRT with up to four decimals.
function mrt(planck) {
  if (planck === null || planck === undefined) return '–';
  const decimals = BigInt(view.state?.token?.decimals ?? 12);
  const unit = 10n ** decimals;
  const value = BigInt(planck);
  const whole = value / unit;
  const fraction = ((value % unit) * 10000n) / unit;
  return fraction === 0n ? `${whole}` : `${whole}.${fraction.toString().padStart(4, '0').replace(/0+$/, '')}`;
}
const toMrt = (planck) => Number(BigInt(planck ?? '0')) / 10 ** (view.state?.token?.decimals ?? 12);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const short = (s) => (s && s.length > 14 ? `${s.slice(0, 8)}…${s.slice(-4)}` : s ?? '–');

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? response.statusText);
  return body;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function drawSubnets() {
  const subnets = view.state.subnets;
  fill($('subnets').tBodies[0], subnets.map((s) => {
    const tr = el('tr', { 'data-netuid': s.netuid });
    if (s.netuid === view.netuid) tr.className = 'selected';
    const cells = [s.netuid, s.task, `${s.neurons}/${s.maxUids}`, s.epoch.epoch,
      `#${s.epoch.nextDue} (in ${s.epoch.blocksUntilNext})`, pct(s.emissionFraction)];
    cells.forEach((c) => tr.append(el('td', {}, String(c))));
    tr.addEventListener('click', () => selectSubnet(s.netuid));
    return tr;
  }));
}

// A metagraph row flattened for the table and for sorting.
function flatten(r) {
  return {
    uid: r.uid,
    // A permit alone does not make a validator (a well-paid miner's stake can earn one):
    // setting weights does.
    role: r.validatorPermit && r.lastUpdate !== null ? 'validator' : 'miner',
    stake: r.stake,
    incentive: r.incentive,
    dividends: r.dividends,
    validatorTrust: r.validatorTrust,
    emission: r.emission,
    model: r.model?.modelHash ?? (r.model ? 'committed' : null),
    copyOf: r.model?.copyOf ?? null,
    axon: r.axon?.address ?? null,
  };
}

function compare(a, b, key) {
  const x = a[key];
  const y = b[key];
  if (x === y) return a.uid - b.uid;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  if (key === 'stake' || key === 'emission') return BigInt(x) < BigInt(y) ? -1 : 1;
  if (typeof x === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

function drawMetagraph() {
  const { key, desc } = view.sort;
  const rows = [...view.rows].sort((a, b) => {
    const order = compare(a, b, key);
    const nulls = a[key] === null || b[key] === null;
    return desc && !nulls ? -order : order;
  });
  for (const th of $('metagraph').tHead.rows[0].cells) {
    th.className = th.dataset.key === key ? (desc ? 'sorted-desc' : 'sorted-asc') : '';
  }
  fill($('metagraph').tBodies[0], rows.map((r) => {
    const tr = el('tr', { 'data-uid': r.uid });
    if (r.uid === view.uid) tr.className = 'selected';
    const model = r.model ? short(r.model) + (r.copyOf ? ` (copy of ${short(r.copyOf)})` : '') : '–';
    const cells = [[r.uid, 'num'], [r.role], [mrt(r.stake), 'num'], [r.incentive.toFixed(4), 'num'],
      [r.dividends.toFixed(4), 'num'], [r.validatorTrust.toFixed(4), 'num'], [mrt(r.emission), 'num'],
      [model], [r.axon ?? '–']];
    cells.forEach(([text, cls]) => tr.append(el('td', cls ? { class: cls } : {}, String(text))));
    tr.addEventListener('click', () => { view.uid = r.uid; drawMetagraph(); drawNeuron(); });
    return tr;
  }));
}

// Lines of `value(payout)` per UID over the subnet's recorded epochs.
function plot(svg, epochs, value, format) {
  const W = 480, H = 220, left = 44, right = 90, top = 10, bottom = 24;
  svg.replaceChildren();
  if (epochs.length === 0) {
    svg.append(svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no epochs yet'));
    return;
  }
  const uids = [...new Set(epochs.flatMap((e) => e.payouts.map((p) => p.uid)))].sort((a, b) => a - b);
  const series = uids.map((uid) => epochs.map((e) => {
    const p = e.payouts.find((q) => q.uid === uid);
    return p ? value(p) : 0;
  }));
  const max = Math.max(...series.flat(), 1e-12);
  const x = (i) => left + (epochs.length === 1 ? 0 : (i * (W - left - right)) / (epochs.length - 1));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  svg.append(svgEl('line', { class: 'axis', x1: left, y1: top, x2: left, y2: H - bottom }));
  svg.append(svgEl('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
  svg.append(svgEl('text', { x: left - 4, y: top + 8, 'text-anchor': 'end' }, format(max)));
  svg.append(svgEl('text', { x: left - 4, y: H - bottom, 'text-anchor': 'end' }, '0'));
  svg.append(svgEl('text', { x: left, y: H - 8 }, `epoch ${epochs[0].epoch}`));
  svg.append(svgEl('text', { x: W - right, y: H - 8, 'text-anchor': 'end' }, `epoch ${epochs[epochs.length - 1].epoch}`));
  series.forEach((points, k) => {
    const color = PALETTE[k % PALETTE.length];
    const d = points.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    svg.append(svgEl('path', { class: 'series', d, stroke: color, 'data-uid': uids[k] }));
    svg.append(svgEl('text', { x: W - right + 8, y: top + 12 + 13 * k, style: `fill: ${color}` }, `UID ${uids[k]}`));
  });
}

function history() {
  return view.state?.history?.[String(view.netuid)] ?? [];
}

function drawPlots() {
  const epochs = history();
  plot($('emission-plot'), epochs, (p) => toMrt(p.emission), (v) => v.toFixed(2));
  plot($('incentive-plot'), epochs, (p) => p.incentive, (v) => v.toFixed(2));
}

function drawNeuron() {
  const section = $('neuron');
  const title = el('h2', {}, 'Neuron history');
  if (view.uid === null) {
    section.replaceChildren(title, el('p', { class: 'hint' }, 'Choose a row of the metagraph.'));
    return;
  }
  title.textContent = `Neuron history: UID ${view.uid} of subnet ${view.netuid}`;
  const table = el('table');
  const head = el('tr');
  ['epoch', 'block', 'incentive', 'dividends', 'emission'].forEach((h) => head.append(el('th', {}, h)));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  for (const e of [...history()].reverse()) {
    const p = e.payouts.find((q) => q.uid === view.uid);
    const tr = el('tr');
    [e.epoch, `#${e.block}`, (p?.incentive ?? 0).toFixed(4), (p?.dividends ?? 0).toFixed(4), mrt(p?.emission ?? '0')]
      .forEach((c) => tr.append(el('td', {}, String(c))));
    body.append(tr);
  }
  table.append(body);
  section.replaceChildren(title, table);
}

function drawLists() {
  const referenda = view.state.referenda.map((r) => el('li', {},
    `#${r.index} on ${r.track}: ${r.proposal} — ${r.state}; ayes ${mrt(r.tally.ayes)}, nays ${mrt(r.tally.nays)} MRT`));
  $('referenda').replaceChildren(...(referenda.length ? referenda : [el('li', { class: 'hint' }, 'none open')]));
  const slashes = view.state.slashes.map((s) => el('li', {},
    `subnet ${s.netuid}: ${pct(s.fraction)} of ${short(s.offender)} for ${s.reason}, in epoch ${s.applyEpoch} (${mrt(s.atRisk)} MRT at risk)`));
  $('slashes').replaceChildren(...(slashes.length ? slashes : [el('li', { class: 'hint' }, 'none pending')]));
}

function drawEpoch() {
  const subnet = view.state.subnets.find((s) => s.netuid === view.netuid);
  $('netuid').textContent = view.netuid ?? '–';
  $('epoch').textContent = subnet ? subnet.epoch.epoch : '–';
  $('epoch').dataset.epoch = subnet ? subnet.epoch.epoch : '';
  $('block').textContent = `finalized #${view.state.at.number}`;
}

// With `withHistory` false (at each new head) the history is not downloaded again: it changes
// only with an epoch, and for large subnets it is most of the state.
async function loadState(withHistory = true) {
  const state = await getJson(withHistory ? '/api/state' : '/api/state?history=none');
  if (!withHistory) state.history = view.state?.history ?? {};
  view.state = state;
  if (view.netuid === null || !view.state.subnets.some((s) => s.netuid === view.netuid)) {
    // The subnet with the largest emission share first.
    const best = [...view.state.subnets].sort((a, b) => b.emissionFraction - a.emissionFraction)[0];
    view.netuid = best ? best.netuid : null;
  }
  drawSubnets();
  drawEpoch();
  if (withHistory) drawPlots();
  drawLists();
  drawNeuron();
}

async function loadMetagraph() {
  if (view.netuid === null) {
    view.rows = [];
  } else {
    const reply = await getJson(`/api/metagraph?netuid=${view.netuid}`);
    view.rows = reply.metagraph.rows.map(flatten);
  }
  drawMetagraph();
}

async function selectSubnet(netuid) {
  view.netuid = netuid;
  view.uid = null;
  await loadState();
  await loadMetagraph();
}

for (const th of $('metagraph').tHead.rows[0].cells) {
  th.addEventListener('click', () => {
    const key = th.dataset.key;
    view.sort = { key, desc: view.sort.key === key ? !view.sort.desc : key !== 'uid' && key !== 'role' };
    drawMetagraph();
  });
}

function follow() {
  const events = new EventSource('/api/events');
  events.onopen = () => { $('live').textContent = 'live'; $('live').className = 'on'; };
  events.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'off'; };
  events.addEventListener('head', () => loadState(false).catch(show));
  events.addEventListener('epoch', (e) => {
    const { netuid } = JSON.parse(e.data);
    loadState().then(() => (netuid === view.netuid ? loadMetagraph() : null)).catch(show);
  });
}

function show(error) {
  $('live').textContent = `error: ${error.message}`;
  $('live').className = 'off';
}

loadState().then(loadMetagraph).then(follow).catch(show);
