// leadplan what-if page: edits go to the server, which re-plans and answers.
// Text from the scenario is only ever set with textContent, never as markup.
'use strict';

const token = document.querySelector('meta[name="leadplan-token"]').content;
let scen = null;
let edits = { numbers: [], steps_back: [], unpins: [], optional: [] };
let previous = null;
let baseline = null;
let seq = 0;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function api(path, body) {
  const init = { headers: { 'X-Leadplan-Token': token } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const type = r.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) return { ok: r.ok, json: await r.json() };
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
    tr.append(
      el('td', a.name),
      el('td', a.leads.length ? a.leads.map(name).join(' + ') : '(left out)'),
      el('td', Object.entries(a.shares).map(([k, v]) => name(k) + ' ' + round(v * 100, 1) + '%').join(', ')),
      el('td', round(a.fit, 3)),
      el('td', a.runner_up ? name(a.runner_up) + ' (' + round(a.runner_up_loss, 4) + ')' : a.leads.length === scen.countries.length - edits.steps_back.length ? 'every partner leads it' : (r.explained ? 'no other may lead it' : '-')),
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

async function resolve() {
  const my = ++seq;
  document.getElementById('status').textContent = 'Re-planning...';
  const r = await api('/api/solve', edits);
  if (my !== seq) return;
  if (!r.json) { document.getElementById('status').textContent = r.text; return; }
  render(r.json);
}

function encodeView() {
  const data = JSON.stringify(edits);
  const b64 = btoa(unescape(encodeURIComponent(data))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return 'v=' + b64 + '&h=' + scen.hash;
}

function restoreView() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (!h.get('v')) return;
  if (h.get('h') !== scen.hash) {
    document.getElementById('link-out').textContent = 'The link was made on another version of the scenario file; its edits were not applied.';
    return;
  }
  try {
    const b64 = h.get('v').replace(/-/g, '+').replace(/_/g, '/');
    const saved = JSON.parse(decodeURIComponent(escape(atob(b64))));
    edits = Object.assign({ numbers: [], steps_back: [], unpins: [], optional: [] }, saved);
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
  } catch (e) {
    document.getElementById('link-out').textContent = 'The link could not be read.';
  }
}

async function start() {
  const r = await api('/api/scenario');
  if (!r.json) { document.getElementById('status').textContent = r.text; return; }
  scen = r.json;
  document.getElementById('title').textContent = scen.name;
  document.title = scen.name + ' - leadplan what-if';
  document.getElementById('file').textContent = scen.file + ' (sha256 ' + scen.hash + '...); money in ' + scen.money_unit + ', effort in ' + scen.effort_unit;
  buildEditor();
  restoreView();
  document.getElementById('save-baseline').addEventListener('click', () => { baseline = previous; resolve(); });
  document.getElementById('reset').addEventListener('click', () => { location.hash = ''; location.reload(); });
  document.getElementById('download').addEventListener('click', async () => {
    const res = await api('/api/toml', edits);
    if (!res.text) { document.getElementById('link-out').textContent = (res.json.problems || []).join('; '); return; }
    const a = el('a');
    a.href = URL.createObjectURL(new Blob([res.text], { type: 'application/toml' }));
    a.download = scen.file.split('/').pop().replace(/\.toml$/, '') + '-edited.toml';
    document.body.append(a);
    a.click();
    a.remove();
  });
  document.getElementById('link').addEventListener('click', () => {
    location.hash = encodeView();
    document.getElementById('link-out').textContent = 'This page\'s address now restores this view: ' + location.href;
  });
  resolve();
}

start();
