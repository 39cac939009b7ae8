// leadplan what-if page: edits go to the server, which re-plans and answers.
// Text from the scenario is only ever set with textContent, never as markup.
'use strict';

const token = document.querySelector('meta[name="leadplan-token"]').content;
let scen = null;
let edits = { numbers: [], steps_back: [], unpins: [], optional: [] };
let previous = null;
let baseline = null;
let seq = 0;
// The file opened (null: the one file served), from the address's fragment.
const view = new URLSearchParams(location.hash.slice(1));
let file = view.get('file');
let folder = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function withFile(path, f) {
  if (f === null || f === undefined) return path;
  return path + (path.includes('?') ? '&' : '?') + 'file=' + encodeURIComponent(f);
}

async function api(path, body) {
  path = withFile(path, file);
  const init = { headers: { 'X-Leadplan-Token': token } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const type = r.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) return { ok: r.ok, json: await r.json() };
  if (type.startsWith('application/vnd')) return { ok: r.ok, blob: await r.blob() };
  return { ok: r.ok, text: await r.text() };
}

function round(x, d) {
  if (x === null || x === undefined) return '-';
  const p = Math.pow(10, d);
  const v = Math.round(x * p) / p;
  return String(Object.is(v, -0) ? 0 : v);
}

function name(id) {
  const c = scen.countries.find((c) => c.id === id);
  return c ? c.name : id;
}

function leadsOf(plan) {
  const m = {};
  for (const a of plan.assignments) m[a.task] = a.leads.slice().sort().join('+');
  return m;
}

function differing(a, b) {
  if (!a || !b) return [];
  const la = leadsOf(a), lb = leadsOf(b);
  return Object.keys(la).filter((t) => t in lb && la[t] !== lb[t]);
}

function setNumber(path, value, original) {
  edits.numbers = edits.numbers.filter((e) => e[0] !== path);
  if (value !== original) edits.numbers.push([path, value]);
  resolve();
}

function toggle(list, item, on) {
  const key = JSON.stringify(item);
  edits[list] = edits[list].filter((x) => JSON.stringify(x) !== key);
  if (on) edits[list].push(item);
  resolve();
}

function buildEditor() {
  const sb = document.getElementById('steps-back');
  for (const c of scen.countries) {
    const l = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.dataset.country = c.id;
    box.addEventListener('change', () => toggle('steps_back', c.id, box.checked));
    l.append(box, ' ', el('span', c.name + ' steps back'));
    sb.append(l);
  }
  const pins = document.getElementById('pins');
  if (scen.pins.length === 0) pins.append(el('p', 'The scenario pins no lead.', 'note'));
  for (const [c, t] of scen.pins) {
    const l = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.dataset.unpin = c + '/' + t;
    box.addEventListener('change', () => toggle('unpins', [c, t], box.checked));
    const task = scen.tasks.find((x) => x.id === t);
    l.append(box, ' ', el('span', 'lift the pin: ' + name(c) + ' leads ' + (task ? task.name : t)));
    pins.append(l);
  }
  const opt = document.getElementById('optional');
  for (const t of scen.tasks.filter((t) => !t.optional)) {
    const l = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.dataset.optional = t.id;
    box.addEventListener('change', () => toggle('optional', t.id, box.checked));
    l.append(box, ' ', el('span', t.name));
    opt.append(l);
  }
  const groups = document.getElementById('groups');
  const byGroup = new Map();
  for (const n of scen.numbers) {
    if (!byGroup.has(n.group)) byGroup.set(n.group, []);
    byGroup.get(n.group).push(n);
  }
  for (const [g, nums] of byGroup) {
    const d = el('details');
    d.append(el('summary', g));
    for (const n of nums) {
      const row = el('div', null, 'num');
      const id = 'n-' + n.path.replace(/[^A-Za-z0-9_-]/g, '_');
      const lab = el('label', n.label);
      lab.htmlFor = id;
      lab.title = n.path;
      const inp = el('input');
      inp.type = 'number';
      inp.id = id;
      inp.step = n.integer ? '1' : 'any';
      inp.min = String(n.lo);
      if (n.hi !== null) inp.max = String(n.hi);
      inp.value = n.value === null ? '' : String(n.value);
      inp.placeholder = n.value === null ? 'unset' : '';
      inp.dataset.path = n.path;
      inp.addEventListener('change', () => {
        if (inp.value === '') return;
        const v = Number(inp.value);
        row.classList.toggle('edited', v !== n.value);
        setNumber(n.path, v, n.value);
      });
      row.append(lab, inp);
      d.append(row);
    }
    groups.append(d);
  }
}

function fill(tbody, rows) {
  tbody.replaceChildren();
  for (const cells of rows) {
    const tr = el('tr');
    for (const c of cells) tr.append(c instanceof Node ? c : el('td', c));
    tbody.append(tr);
  }
  return tbody;
}

function whatCell(a) {
  const td = el('td');
  const sel = el('select');
  sel.setAttribute('aria-label', 'country for ' + a.name);
  for (const c of scen.countries) {
    if (a.leads.includes(c.id) || edits.steps_back.includes(c.id)) continue;
    const o = el('option', c.name);
    o.value = c.id;
    sel.append(o);
  }
  const b = el('button', 'ask');
  b.type = 'button';
  b.dataset.task = a.task;
  b.addEventListener('click', async () => {
    const out = document.getElementById('what');
    out.textContent = 'Re-planning...';
    const q = '/api/what?task=' + encodeURIComponent(a.task) + '&country=' + encodeURIComponent(sel.value);
    const r = await api(q, edits);
    out.textContent = r.json ? (r.json.sentence || (r.json.problems || []).join('; ')) : r.text;
  });
  if (sel.options.length === 0) return el('td', '-');
  td.append(sel, ' ', b);
  return td;
}

function renderFixes(r) {
  const box = document.getElementById('fixes');
  box.replaceChildren();
  if (!r.fixes || r.fixes.length === 0) {
    if (r.diagnosis) box.append(el('p', r.message, 'bad'));
    return;
  }
  box.append(el('h3', 'Any one of these changes makes a plan possible (each applied and checked)'));
  r.fixes.forEach((set, k) => {
    const p = el('div', null, 'fixset');
    p.append(el('span', (k > 0 ? 'or: ' : '') + set.map((c) => c.sentence).join('; and ') + ' '));
    if (set.every((c) => c.apply)) {
      const b = el('button', 'apply');
      b.type = 'button';
      b.dataset.fix = String(k);
      b.setAttribute('aria-label', 'apply: ' + set.map((c) => c.sentence).join('; and '));
      b.addEventListener('click', () => {
        for (const c of set) {
          for (const [path, v] of c.apply.numbers || []) {
            edits.numbers = edits.numbers.filter((e) => e[0] !== path);
            edits.numbers.push([path, v]);
            const inp = document.querySelector('input[data-path="' + CSS.escape(path) + '"]');
            if (inp) { inp.value = String(v); inp.parentElement.classList.add('edited'); }
          }
          for (const u of c.apply.unpins || []) {
            edits.unpins.push(u);
            const box2 = document.querySelector('input[data-unpin="' + CSS.escape(u[0] + '/' + u[1]) + '"]');
            if (box2) box2.checked = true;
          }
          for (const t of c.apply.optional || []) {
            edits.optional.push(t);
            const box3 = document.querySelector('input[data-optional="' + CSS.escape(t) + '"]');
            if (box3) box3.checked = true;
          }
        }
        resolve();
      });
      p.append(b);
    }
    box.append(p);
  });
}

function render(r) {
  const status = document.getElementById('status');
  const problems = document.getElementById('problems');
  problems.replaceChildren();
  document.getElementById('what').textContent = '';
  if (r.status === 'invalid') {
    status.textContent = 'The edits do not make a valid scenario:';
    status.className = 'bad';
    const ul = el('ul');
    for (const p of r.problems) ul.append(el('li', p));
    problems.append(ul);
    return;
  }
  status.className = r.objective === null ? 'bad' : '';
  status.textContent = r.objective === null
    ? r.status + ': ' + r.message
    : r.status + ': the plan scores ' + round(r.objective, 4) + ' (' + r.message + ')';
  renderFixes(r);
  const plan = r.objective === null ? null : r;
  const prevDiff = plan && previous ? differing(plan, previous) : [];
  const baseDiff = plan && baseline ? differing(plan, baseline) : [];
  const changes = document.getElementById('changes');
  changes.textContent = !plan ? '' :
    prevDiff.length + ' lead(s) changed by the last edit (shaded); ' +
    (baseline ? baseDiff.length + ' differ from the saved baseline (marked blue).' : 'no baseline saved yet.');
  const rows = (plan ? plan.assignments : []).map((a) => {
    const tr = el('tr');
    if (prevDiff.includes(a.task)) tr.className = 'changed-prev';
    if (baseDiff.includes(a.task)) tr.classList.add('changed-base');
    tr.dataset.task = a.task;
    tr.dataset.leads = a.leads.slice().sort().join('+');
    tr.append(
      el('td', a.name),
      el('td', a.leads.length ? a.leads.map(name).join(' + ') : '(left out)'),
      el('td', Object.entries(a.shares).map(([k, v]) => name(k) + ' ' + round(v * 100, 1) + '%').join(', ')),
      el('td', round(a.fit, 3)),
      el('td', runnerUp(a, r), 'runner-up'),
      whatCell(a),
    );
    return tr;
  });
  const tbody = document.querySelector('#plan tbody');
  tbody.replaceChildren(...rows);
  fill(document.querySelector('#load tbody'), (plan ? plan.countries : []).map((c) => [
    c.name, String(c.leads), round(c.effort_used, 2) + ' of ' + round(c.capacity, 2),
    round(c.cost_paid, 2) + ' of ' + (c.budget === null ? 'no limit' : round(c.budget, 2)),
  ]));
  const ul = document.getElementById('binding');
  ul.replaceChildren(...(plan ? plan.binding : []).map((b) => el('li', b.detail)));
  fill(document.querySelector('#terms tbody'), (plan ? plan.objective_terms : []).map((t) => [
    t.term, round(t.value, 4), round(t.weight, 4), round(t.contribution, 4),
  ]));
  if (plan) previous = plan;
  if (plan && !baseline) baseline = plan;
}

// The best other lead of a task's row; '...' while the page asks for it.
function runnerUp(a, r) {
  if (r.explained === undefined || r.explained === null) return '...';
  if (a.runner_up) return name(a.runner_up) + ' (' + round(a.runner_up_loss, 4) + ')';
  if (a.leads.length === scen.countries.length - edits.steps_back.length) return 'every partner leads it';
  return r.explained ? 'no other may lead it' : '-';
}

// Each edit: the plan first (one solve), drawn at once; then, unless another
// edit came meanwhile, the runner-ups (a solve per task and country).
async function resolve() {
  const my = ++seq;
  document.getElementById('status').textContent = 'Re-planning...';
  const r = await api('/api/solve?explain=0', edits);
  if (my !== seq) return;
  if (!r.json) { document.getElementById('status').textContent = r.text; return; }
  r.json.explained = null;
  render(r.json);
  if (r.json.objective === null) return;
  await new Promise((done) => setTimeout(done, 250));
  if (my !== seq) return;
  const full = await api('/api/solve', edits);
  if (my !== seq || !full.json || !full.json.assignments) return;
  const byTask = new Map(full.json.assignments.map((a) => [a.task, a]));
  for (const tr of document.querySelectorAll('#plan tbody tr')) {
    const a = byTask.get(tr.dataset.task);
    if (a) tr.querySelector('td.runner-up').textContent = runnerUp(a, full.json);
  }
}

function encodeView() {
  const h = new URLSearchParams();
  if (file !== null) h.set('file', file);
  h.set('h', scen.hash);
  h.set('v', JSON.stringify(edits));
  return h.toString();
}

function showEdits() {
  for (const [path, v] of edits.numbers) {
    const inp = document.querySelector('input[data-path="' + CSS.escape(path) + '"]');
    if (inp) { inp.value = String(v); inp.parentElement.classList.add('edited'); }
  }
  for (const id of edits.steps_back) {
    const b = document.querySelector('input[data-country="' + CSS.escape(id) + '"]');
    if (b) b.checked = true;
  }
  for (const [c, t] of edits.unpins) {
    const b = document.querySelector('input[data-unpin="' + CSS.escape(c + '/' + t) + '"]');
    if (b) b.checked = true;
  }
  for (const t of edits.optional) {
    const b = document.querySelector('input[data-optional="' + CSS.escape(t) + '"]');
    if (b) b.checked = true;
  }
}

// A link's edits are checked by the server against the file as it is now.
async function restoreView() {
  if (!view.get('v')) return;
  const q = '/api/view?h=' + encodeURIComponent(view.get('h') || '') + '&v=' + encodeURIComponent(view.get('v'));
  const r = await api(q);
  const out = document.getElementById('link-out');
  if (!r.ok) {
    out.textContent = r.json ? 'The link\'s edits were not applied: ' + (r.json.problems || []).join('; ') : r.text;
    out.className = 'note bad';
    return;
  }
  edits = Object.assign({ numbers: [], steps_back: [], unpins: [], optional: [] }, r.json.edits);
  showEdits();
  out.textContent = 'The link\'s view is restored.';
}

function download(blob, name) {
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function stem() {
  return scen.file.split('/').pop().replace(/\.toml$/, '') + '-edited';
}

// Saved states live in this tab's session storage: they outlast opening
// another file of the folder, and go with the tab.
const STATES = 'leadplan-states';

function states() {
  try { return JSON.parse(sessionStorage.getItem(STATES) || '[]'); } catch (e) { return []; }
}

const KINDS = {
  scenario: 'scenario', sweep: 'sweep file', sweep_results: 'a finished sweep',
  pareto_front: 'a saved Pareto front', invalid_scenario: 'TOML, not a scenario that loads', other: 'other file',
};

function showFolder() {
  const box = document.getElementById('folder');
  box.hidden = false;
  box.open = file === null;
  document.getElementById('folder-h').textContent = 'The folder ' + folder.folder + ' (' + folder.entries.length + ' entries)';
  if (file === null) document.getElementById('title').textContent = 'leadplan: ' + folder.folder;
  fill(document.querySelector('#entries tbody'), folder.entries.map((e) => {
    const b = el('button', e.path === file ? 'open (shown)' : 'open');
    b.type = 'button';
    b.dataset.open = e.path;
    b.addEventListener('click', () => {
      location.hash = 'file=' + encodeURIComponent(e.path);
      location.reload();
    });
    const td = el('td');
    td.append(b);
    return [e.path, KINDS[e.kind] + (e.note ? ': ' + e.note : ''), td];
  }));
}

// Compare choices: each scenario of the folder as loaded, this page's
// current edits, and every saved state.
function choices() {
  const out = [];
  const files = folder.folder === null ? [null] : folder.entries.filter((e) => e.kind === 'scenario').map((e) => e.path);
  for (const f of files) out.push({ label: (f === null ? folder.entries[0].path : f) + ', as loaded', side: { file: f, edits: {} } });
  if (scen) out.push({ label: 'this page, as edited now', current: true });
  for (const st of states()) out.push({ label: 'saved: ' + st.name + ' (' + (st.file === null ? 'this file' : st.file) + ')', side: { file: st.file, hash: st.hash, edits: st.edits } });
  return out;
}

function fillCompare() {
  const list = choices();
  for (const [id, pick] of [['cmp-a', 0], ['cmp-b', list.length - 1]]) {
    const sel = document.getElementById(id);
    const was = sel.value;
    sel.replaceChildren(...list.map((c, k) => { const o = el('option', c.label); o.value = String(k); return o; }));
    sel.value = was && Number(was) < list.length ? was : String(pick);
  }
}

function sideOf(k) {
  const c = choices()[Number(k)];
  return c.current ? { file: file, hash: scen.hash, edits: edits } : c.side;
}

async function runCompare() {
  const out = document.getElementById('cmp-out');
  const table = document.getElementById('cmp-table');
  out.textContent = 'Solving both...';
  const a = sideOf(document.getElementById('cmp-a').value);
  const b = sideOf(document.getElementById('cmp-b').value);
  const r = await api('/api/compare', { a: a, b: b });
  if (!r.json) { out.textContent = r.text; out.className = 'bad'; table.hidden = true; return; }
  const c = r.json;
  out.className = '';
  if (c.changes === null) {
    out.textContent = 'No comparison: A is ' + c.a.status + (c.a.message ? ' (' + c.a.message + ')' : '') + ', B is ' + c.b.status + (c.b.message ? ' (' + c.b.message + ')' : '') + '.';
    table.hidden = true;
    return;
  }
  const names = Object.assign({}, c.b.names, c.a.names);
  const leads = (l) => l === null ? '(no such task)' : l.length ? l.map((x) => names[x] || x).join(' + ') : '(left out)';
  out.textContent = c.changes + ' task(s) led differently (the change count of leadplan compare); A scores ' + round(c.a.objective, 4) + ', B ' + round(c.b.objective, 4) + '.';
  table.hidden = false;
  const rows = c.rows.map((row) => {
    const tr = el('tr');
    if (row.changed) tr.className = 'changed-prev';
    tr.dataset.task = row.task;
    tr.append(el('td', (row.changed ? 'changed: ' : '') + (names[row.task] || row.task)), el('td', leads(row.a)), el('td', leads(row.b)));
    return tr;
  });
  document.querySelector('#cmp-table tbody').replaceChildren(...rows);
}

async function startText() {
  const r = await api('/api/file');
  document.getElementById('title').textContent = file;
  document.getElementById('status').textContent = r.ok ? '' : r.text;
  if (r.ok) { document.getElementById('text').hidden = false; document.getElementById('text-body').textContent = r.text; }
}

function pct(x) { return x === null || x === undefined ? '-' : round(x * 100, 1) + '%'; }

async function startSweep() {
  const status = document.getElementById('status');
  document.getElementById('title').textContent = file;
  status.textContent = 'Running the sweep (or reading its results)...';
  const r = await api('/api/sweep');
  if (!r.json) { status.textContent = r.text; status.className = 'bad'; return; }
  const sw = r.json;
  status.textContent = '';
  document.getElementById('sweep').hidden = false;
  const ok = sw.status.optimal || 0;
  document.getElementById('sweep-summary').textContent = sw.runs + ' runs (' + sw.design + '), ' + ok + ' optimal, ' + sw.failed + ' without an optimal plan' +
    (sw.plan_survival !== undefined && sw.plan_survival !== null ? '; the base plan survives whole in ' + pct(sw.plan_survival) + ' of the optimal runs.' : '.');
  const countries = sw.tasks.length ? Object.keys(sw.tasks[0].lead_frequency) : [];
  const head = document.querySelector('#freq thead tr');
  head.replaceChildren(el('th', 'task'), ...countries.map((c) => el('th', sw.names[c] || c)), el('th', 'base plan\'s lead(s)'), el('th', 'same leads as the base plan'));
  for (const th of head.children) th.scope = 'col';
  fill(document.querySelector('#freq tbody'), sw.tasks.map((t) => [
    sw.names[t.task] || t.task,
    ...countries.map((c) => pct(t.lead_frequency[c])),
    t.baseline_leads.map((c) => sw.names[c] || c).join(' + ') || '-',
    pct(t.stability),
  ]));
  const d = sw.discovery;
  const summary = document.getElementById('disc-summary');
  if (!d || d.boxes.length === 0) { summary.textContent = sw.discovery_note || (d ? d.no_finding : ''); return; }
  const box = d.boxes[0];
  summary.textContent = 'Question: ' + d.target + ' (' + d.cases + ' of ' + d.runs + ' runs). ' + box.sentence + (box.finding ? '.' : '. Not a finding: ' + box.not_a_finding.join('; ') + '.');
  document.getElementById('disc-restrictions').replaceChildren(...box.restrictions.map((x) => el('li',
    x.parameter + (x.lower !== null ? ' >= ' + round(x.lower, 4) : '') + (x.upper !== null ? ' <= ' + round(x.upper, 4) : '') +
    (x.categories ? ' in {' + x.categories.join(', ') + '}' : ''))));
  const rows = box.trajectory.map((pt) => {
    const tr = el('tr');
    if (pt.point === box.chosen) tr.className = 'chosen';
    const b = el('button', String(pt.point) + (pt.point === box.chosen ? ' (chosen)' : ''));
    b.type = 'button';
    b.dataset.point = String(pt.point);
    b.addEventListener('click', () => {
      for (const r2 of document.querySelectorAll('#disc-trajectory tbody tr')) r2.classList.remove('picked');
      tr.classList.add('picked');
      document.getElementById('disc-point').textContent = 'Point ' + pt.point + ': ' + pt.runs + ' runs in the box, ' + pt.cases + ' of them cases; coverage ' + pct(pt.coverage) + ', density ' + pct(pt.density) + ', mass ' + pct(pt.mass) + ', ' + pt.restricted + ' parameter(s) restricted.';
    });
    const td = el('td');
    td.append(b);
    tr.append(td, el('td', pct(pt.coverage)), el('td', pct(pt.density)), el('td', String(pt.runs)), el('td', String(pt.restricted)));
    return tr;
  });
  document.querySelector('#disc-trajectory tbody').replaceChildren(...rows);
}

// The Pareto front: drawn as inline SVG, each plan a focusable point; the
// plan of a point is the one `leadplan pareto` reports for it.
const TERMS = ['fit', 'cost', 'sensitivity', 'fairness'];
// The SVG namespace, from the page's own (empty) chart: no address in the script.
const SVG = document.getElementById('front-svg').namespaceURI;
const BETTER = { fit: 'more is better', cost: 'less is better', sensitivity: 'less is better', fairness: 'less is better' };

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}

function pointName(rep, p) {
  const vals = rep.objectives.map((t, k) => t + ' ' + round(p.values[k], 4)).join(', ');
  const n = p.changes_from_previous.length;
  return 'Plan ' + p.index + ' of ' + rep.points.length + ': ' + vals + (p.index === 1 ? '' : '; ' + n + ' task(s) led differently from plan ' + (p.index - 1));
}

function showPoint(rep, names, p) {
  for (const c of document.querySelectorAll('#front-chart .pt')) c.classList.toggle('picked', c.dataset.point === String(p.index));
  const terms = Object.entries(p.terms).map(([k, v]) => k + ' ' + round(v, 4)).join(', ');
  document.getElementById('front-point').textContent = pointName(rep, p) + '. All terms: ' + terms + '.';
  const changed = new Map(p.changes_from_previous.map((c) => [c.task, c]));
  const who = (ids) => ids.length ? ids.map((x) => names[x] || x).join(' + ') : '(left out)';
  const rows = p.leads.map((l) => {
    const tr = el('tr');
    tr.dataset.task = l.task;
    tr.dataset.leads = l.leads.join('+');
    const c = changed.get(l.task);
    if (c) tr.className = 'changed-prev';
    tr.append(el('td', names[l.task] || l.task), el('td', who(l.leads)), el('td', c ? 'was ' + who(c.from) : ''));
    return tr;
  });
  const table = document.getElementById('front-plan');
  table.hidden = false;
  table.querySelector('tbody').replaceChildren(...rows);
}

function drawFront(rep, names) {
  const root = document.getElementById('front-svg');
  const pts = rep.points;
  root.replaceChildren();
  root.setAttribute('hidden', '');
  if (pts.length === 0) return;
  const [W, H, L, R, T, B] = [720, 380, 80, 24, 16, 56];
  const xs = pts.map((p) => p.values[1]);
  const ys = pts.map((p) => p.values[0]);
  const span = (v) => { const lo = Math.min(...v), hi = Math.max(...v); return hi > lo ? [lo, hi] : [lo - 1, hi + 1]; };
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const X = (v) => L + (v - x0) / (x1 - x0) * (W - L - R);
  const Y = (v) => H - B - (v - y0) / (y1 - y0) * (H - T - B);
  const [a, b] = rep.objectives;
  const size = { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'aria-label': 'The Pareto front: ' + a + ' against ' + b + ', ' + pts.length + ' plans' };
  for (const [k, v] of Object.entries(size)) root.setAttribute(k, String(v));
  root.append(svg('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: '#f4f5f7', stroke: '#d0d0d0' }));
  const tick = (x, y, anchor, text) => root.append(svg('text', { x: x, y: y, 'text-anchor': anchor, 'font-size': 12, fill: '#595959' }, text));
  tick(L, H - B + 16, 'start', round(x0, 3));
  tick(W - R, H - B + 16, 'end', round(x1, 3));
  tick(L - 6, H - B, 'end', round(y0, 3));
  tick(L - 6, T + 10, 'end', round(y1, 3));
  root.append(svg('text', { x: (L + W - R) / 2, y: H - 12, 'text-anchor': 'middle', 'font-size': 13, fill: '#1a1a1a' }, b + ' (' + BETTER[b] + ')'));
  root.append(svg('text', { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', 'font-size': 13, fill: '#1a1a1a', transform: 'rotate(-90 14 ' + (T + H - B) / 2 + ')' }, a + ' (' + BETTER[a] + ')'));
  root.append(svg('polyline', { points: pts.map((p) => X(p.values[1]) + ',' + Y(p.values[0])).join(' '), fill: 'none', stroke: '#52667c', 'stroke-width': 1.5 }));
  for (const p of pts) {
    const c = svg('circle', { cx: X(p.values[1]), cy: Y(p.values[0]), r: 7, class: 'pt', tabindex: 0, role: 'button', 'aria-label': pointName(rep, p), 'data-point': p.index });
    c.append(svg('title', {}, pointName(rep, p)));
    c.addEventListener('click', () => showPoint(rep, names, p));
    c.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); showPoint(rep, names, p); }
    });
    root.append(c);
  }
  root.removeAttribute('hidden');
}

function showFront(res) {
  const out = document.getElementById('front-out');
  document.getElementById('front-plan').hidden = true;
  document.getElementById('front-point').textContent = '';
  if (!res.json) { out.textContent = res.text; out.className = 'bad'; drawFront({ points: [] }, {}); return; }
  if (res.json.status === 'invalid') { out.textContent = res.json.problems.join('; '); out.className = 'bad'; return; }
  const rep = res.json.report;
  out.className = '';
  const how = rep.grid === null ? 'the complete front' : 'a grid of ' + rep.grid + ' points per constrained term';
  out.textContent = rep.scenario + ': ' + rep.points.length + ' plan(s) on the front of ' + rep.objectives.join(' against ') + ' (' + how + ', ' + rep.solves + ' solver calls' + (rep.status === 'complete' || rep.status === 'grid' ? '' : '; status ' + rep.status + (rep.diagnosis ? ': ' + rep.diagnosis : '')) + '). Choose a point to see its plan.';
  drawFront(rep, res.json.names || {});
}

function setupFront() {
  document.getElementById('front').hidden = false;
  const picks = [['front-a', 'fit', false], ['front-b', 'cost', false], ['front-c', '', true]];
  for (const [id, pick, none] of picks) {
    const sel = document.getElementById(id);
    const opts = (none ? [''] : []).concat(TERMS).map((t) => { const o = el('option', t || '(no third term)'); o.value = t; return o; });
    sel.replaceChildren(...opts);
    sel.value = pick;
  }
  document.getElementById('front-go').addEventListener('click', async () => {
    const terms = ['front-a', 'front-b', 'front-c'].map((id) => document.getElementById(id).value).filter((t) => t);
    const points = document.getElementById('front-points').value.trim();
    document.getElementById('front-out').textContent = 'Computing the front...';
    const q = '/api/pareto?objectives=' + encodeURIComponent(terms.join(',')) + (points ? '&points=' + encodeURIComponent(points) : '');
    showFront(await api(q, edits));
  });
}

async function startFront() {
  document.getElementById('title').textContent = file;
  document.getElementById('status').textContent = '';
  document.getElementById('front').hidden = false;
  document.getElementById('front-ask').hidden = true;
  showFront(await api('/api/pareto'));
}

async function startScenario() {
  const r = await api('/api/scenario');
  if (!r.json) { document.getElementById('status').textContent = r.text; document.getElementById('status').className = 'bad'; return; }
  scen = r.json;
  document.getElementById('whatif').hidden = false;
  document.getElementById('actions').hidden = false;
  document.getElementById('title').textContent = scen.name;
  document.title = scen.name + ' - leadplan what-if';
  document.getElementById('file').textContent = scen.file + ' (sha256 ' + scen.hash + '...); money in ' + scen.money_unit + ', effort in ' + scen.effort_unit;
  buildEditor();
  await restoreView();
  document.getElementById('save-baseline').addEventListener('click', () => { baseline = previous; resolve(); });
  document.getElementById('reset').addEventListener('click', () => {
    location.hash = file === null ? '' : 'file=' + encodeURIComponent(file);
    location.reload();
  });
  document.getElementById('download').addEventListener('click', async () => {
    const res = await api('/api/toml', edits);
    if (!res.text) { document.getElementById('link-out').textContent = (res.json.problems || []).join('; '); return; }
    download(new Blob([res.text], { type: 'application/toml' }), stem() + '.toml');
  });
  document.getElementById('download-xlsx').addEventListener('click', async () => {
    const res = await api('/api/xlsx', edits);
    if (!res.blob) { document.getElementById('link-out').textContent = res.json ? (res.json.problems || []).join('; ') : res.text; return; }
    download(res.blob, stem() + '.xlsx');
  });
  document.getElementById('link').addEventListener('click', () => {
    location.hash = encodeView();
    document.getElementById('link-out').textContent = 'This page\'s address now restores this view: ' + location.href;
  });
  document.getElementById('save-state').addEventListener('click', () => {
    const n = document.getElementById('state-name');
    const label = n.value.trim() || ('state ' + (states().length + 1));
    const all = states().filter((x) => x.name !== label);
    all.push({ name: label, file: file, hash: scen.hash, edits: JSON.parse(JSON.stringify(edits)) });
    sessionStorage.setItem(STATES, JSON.stringify(all));
    n.value = '';
    document.getElementById('link-out').textContent = 'Saved the state "' + label + '": compare it below.';
    fillCompare();
  });
  fillCompare();
  setupFront();
  resolve();
}

async function start() {
  const f = await api('/api/folder');
  if (!f.json) { document.getElementById('status').textContent = f.text; return; }
  folder = f.json;
  document.getElementById('actions').hidden = true;
  if (folder.folder !== null) showFolder();
  document.getElementById('compare').hidden = false;
  document.getElementById('cmp-go').addEventListener('click', runCompare);
  fillCompare();
  const entry = folder.folder === null ? null : folder.entries.find((e) => e.path === file);
  if (folder.folder !== null && file === null) {
    document.getElementById('status').textContent = 'Open a scenario, a sweep or another file of the folder.';
    return;
  }
  if (folder.folder !== null && !entry) {
    // Not listed: the server says why (outside the folder, not there, ...).
    const r = await api('/api/file');
    document.getElementById('status').textContent = r.ok ? 'This file is not listed in the folder.' : r.text;
    document.getElementById('status').className = 'bad';
    return;
  }
  if (entry && (entry.kind === 'sweep' || entry.kind === 'sweep_results')) return startSweep();
  if (entry && entry.kind === 'pareto_front') return startFront();
  if (entry && entry.kind !== 'scenario') return startText();
  return startScenario();
}

start();
