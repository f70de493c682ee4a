'use strict';
// Plain HTTP (no browser) for setting up records before the pages are looked
// at: the same routes and form fields as tests/lib/rmtest.py (programme_form,
// MENTOR_FORM, SENIOR_FORM).  Every POST carries the form token read from the
// page the form is on, as a browser would send it: the token of the form that
// posts to that path, since tokens are bound to the form's action and a page
// can hold several forms (an application page: withdraw and decision).

const { PASSWORD } = require('./server');

function days(n) {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function programmeForm(over = {}) {
  return {
    name: 'Test programme', institutions: 'Demo University',
    description: 'A test programme.', apply_opens: days(-1),
    apply_closes: days(30), start_date: days(60), length_months: '12',
    min_meetings: '6', meeting_minutes: '60', mentor_training: days(40),
    senior_training: days(41), meet_month: days(62).slice(0, 7), checkin_date: '',
    end_event_date: '', capacity_mentor: '10', capacity_senior: '10',
    min_grade: '8', senior_entitlement: 'urn:mace:demo.ac.uk:exco',
    senior_label: 'Senior Mentor',
    ...over,
  };
}

const MENTOR_FORM = {
  self_identified: 'yes', job_title: 'Head of Student Services',
  department: 'Student Services', gain: 'Sponsorship.',
  topics: 'Progression.', availability: 'Tuesdays.',
};
const SENIOR_FORM = {
  senior_role: 'Registrar', department: 'Registry',
  motivation: 'To learn.', topics: 'Race equality.', availability: 'Mondays.',
};

class Client {
  constructor(server, user) {
    this.server = server;
    this.auth = 'Basic ' + Buffer.from(`${user}:${PASSWORD}`).toString('base64');
  }

  async get(p) {
    const r = await fetch(this.server.base + p,
      { headers: { Authorization: this.auth }, redirect: 'manual' });
    return { status: r.status, headers: r.headers, text: await r.text() };
  }

  // The path a form posting to p is bound to, as the server sees it (r->uri):
  // the mount prepended unless p is already under it or a full URL, no query
  // string or fragment.
  actionPath(p) {
    const mount = new URL(this.server.base).pathname.replace(/\/+$/, '');
    let path;
    if (/^https?:\/\//.test(p)) path = new URL(p).pathname;
    else {
      path = p.split(/[?#]/)[0];
      if (path !== mount && !path.startsWith(mount + '/')) path = mount + path;
    }
    return decodeURIComponent(path);
  }

  // The token of the form on page p that posts to action (a path as posted,
  // see actionPath); with no action, of the page's only form.
  async token(p, action) {
    const r = await this.get(p);
    const forms = [];
    for (const m of r.text.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
      const act = /\saction="([^"]*)"/i.exec(m[1]);
      const tok = /<input\b[^>]*\sname="csrf"[^>]*>/i.exec(m[2]);
      const val = tok && /\svalue="([^"]*)"/i.exec(tok[0]);
      if (val) forms.push({ action: this.actionPath(unescapeAttr(act ? act[1] : p)), token: val[1] });
    }
    if (!forms.length) throw new Error(`no form token on ${p} (status ${r.status})`);
    if (action === undefined) {
      if (forms.length !== 1) {
        throw new Error(`${forms.length} forms on ${p}, say which one: `
          + forms.map((f) => f.action).join(', '));
      }
      return forms[0].token;
    }
    const want = this.actionPath(action);
    const f = forms.find((x) => x.action === want);
    if (!f) {
      throw new Error(`no form on ${p} posts to ${want} (its forms post to `
        + `${forms.map((x) => x.action).join(', ')})`);
    }
    return f.token;
  }

  async post(p, fields, tokenFrom = p) {
    const body = new URLSearchParams({ ...fields, csrf: await this.token(tokenFrom, p) });
    const r = await fetch(this.server.base + p, {
      method: 'POST', body, redirect: 'manual',
      headers: { Authorization: this.auth },
    });
    return { status: r.status, headers: r.headers, text: await r.text() };
  }
}

function unescapeAttr(v) {
  return v.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m, e) => (
    { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" }[e]));
}

function expect303(r, what) {
  if (r.status !== 303) {
    throw new Error(`${what}: expected 303, got ${r.status}: ${r.text.slice(0, 600)}`);
  }
  return r.headers.get('location');
}

async function createProgramme(server, over = {}, admin = 'admin') {
  const c = new Client(server, admin);
  expect303(await c.post('/admin/programmes/new', programmeForm(over)), 'create programme');
  const r = await c.get('/admin/programmes');
  const ids = [...r.text.matchAll(/\/admin\/programmes\/(\d+)\/edit/g)].map((m) => Number(m[1]));
  return Math.max(...ids);
}

async function apply(server, user, pid, role = 'mentor', over = {}) {
  const form = { ...(role === 'mentor' ? MENTOR_FORM : SENIOR_FORM), ...over };
  const loc = expect303(await new Client(server, user).post(`/programmes/${pid}/apply/${role}`, form),
    `${user} applies as ${role}`);
  return Number(/\/applications\/(\d+)/.exec(loc)[1]);
}

async function decide(server, aid, decision, reason, admin = 'admin') {
  expect303(await new Client(server, admin).post(`/admin/applications/${aid}/decision`,
    { decision, reason }, `/applications/${aid}`), `decide ${aid}`);
}

async function withdraw(server, user, aid) {
  expect303(await new Client(server, user).post(`/applications/${aid}/withdraw`, {},
    `/applications/${aid}`), `withdraw ${aid}`);
}

module.exports = {
  Client, days, programmeForm, MENTOR_FORM, SENIOR_FORM,
  createProgramme, apply, decide, withdraw,
};

// ---- the programme's year: team, training, matching -------------------------
// Same routes and fields as the pages' forms (features/training,
// features/matching); the form token of each POST is read from the page the
// form is on.

/** Answers to the matching questions of the application forms (topic-*,
 *  gain-*, offer-*, slot-* checkboxes; line_manager; prefer_1..3, avoid_1..3). */
const MENTOR_MATCH = {
  'topic-barriers': '1', 'topic-sponsorship': '1', 'topic-career': '1',
  'gain-senior-insight': '1', 'gain-sponsorship': '1', 'gain-career-advice': '1',
  'offer-lived-insight': '1', 'offer-challenge': '1',
  'slot-tue-am': '1', 'slot-wed-pm': '1', 'slot-thu-am': '1',
};
const SENIOR_MATCH = {
  'topic-barriers': '1', 'topic-culture': '1', 'topic-career': '1',
  'gain-lived-insight': '1', 'gain-challenge': '1',
  'offer-senior-insight': '1', 'offer-sponsorship': '1', 'offer-career-advice': '1',
  'slot-tue-am': '1', 'slot-thu-am': '1', 'slot-fri-pm': '1',
};

/** The fields of the form on html that posts to action (path as in the
 *  page, e.g. "/mentoring/admin/training/3/edit"): inputs (checked ones for
 *  radios and checkboxes), textareas, and selects' selected options. */
function formFields(html, action) {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const act = /\saction="([^"]*)"/i.exec(m[1]);
    if (!act || unescapeAttr(act[1]).split('?')[0] !== action) continue;
    const out = {};
    const attr = (tag, name) => {
      const a = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
      return a ? unescapeAttr(a[1]) : null;
    };
    for (const [tag] of m[2].matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(tag, 'name');
      const type = (attr(tag, 'type') || 'text').toLowerCase();
      if (!name || name === 'csrf') continue;
      if ((type === 'radio' || type === 'checkbox') && !/\schecked/i.test(tag)) continue;
      out[name] = attr(tag, 'value') || '';
    }
    for (const t of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      out[attr(t[1], 'name')] = unescapeAttr(t[2]);
    }
    for (const s of m[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const sel = /<option\b([^>]*\sselected[^>]*)>/i.exec(s[2]);
      out[attr(s[1], 'name')] = sel ? attr(sel[1], 'value') : '';
    }
    return out;
  }
  throw new Error(`no form posting to ${action}`);
}

/** The options of the select named name on html: [{ value, text }]. */
function selectOptions(html, name) {
  const s = new RegExp(`<select\\b[^>]*\\sname="${name}"[^>]*>([\\s\\S]*?)</select>`, 'i').exec(html);
  if (!s) throw new Error(`no select ${name}`);
  return [...s[1].matchAll(/<option\b[^>]*\svalue="([^"]*)"[^>]*>([^<]*)<\/option>/gi)]
    .map((o) => ({ value: unescapeAttr(o[1]), text: unescapeAttr(o[2]) }));
}

/** Visit the home page as user, so that the module knows their name. */
async function signIn(server, user) {
  const r = await new Client(server, user).get('/');
  if (r.status !== 200) throw new Error(`${user} GET /: ${r.status}`);
}

/** Put principal on the programme's team (admin or facilitator).  Someone
 * who has only browsed has no record yet, so the admin confirms the name (the
 * form's confirm_unknown box holds the name it confirms). */
async function addToTeam(server, pid, principal, teamRole, admin = 'admin') {
  await signIn(server, principal);
  expect303(await new Client(server, admin).post(`/admin/programmes/${pid}/team`,
    { principal, team_role: teamRole, confirm_unknown: principal },
    `/admin/programmes/${pid}/edit`),
  `add ${principal} to the team of ${pid}`);
}

/** The person id of a team member, as the session form's select offers it. */
async function teamPersonId(server, pid, principal, admin = 'admin') {
  const r = await new Client(server, admin).get(`/admin/programmes/${pid}/training`);
  const o = selectOptions(r.text, 'facilitator').find((x) => x.text.endsWith(`(${principal})`));
  if (!o) throw new Error(`${principal} is not offered as a facilitator of ${pid}`);
  return o.value;
}

function sessionIds(html) {
  return [...html.matchAll(/\/admin\/training\/(\d+)\/edit/g)].map((m) => Number(m[1]));
}

/** Add a training session; returns its id.  fields: role, title, day,
 *  starts, ends, place, link, capacity, facilitator (a person id). */
async function addSession(server, pid, fields, admin = 'admin') {
  const c = new Client(server, admin);
  const page = `/admin/programmes/${pid}/training`;
  const before = new Set(sessionIds((await c.get(page)).text));
  const form = {
    role: 'mentor', title: 'Mentor training', day: days(20), starts: '09:30',
    ends: '13:00', place: 'Room 1.01, Main Building', link: '', capacity: '10', ...fields,
  };
  expect303(await c.post(`${page}/sessions`, form, page), `add session ${form.title}`);
  const added = sessionIds((await c.get(page)).text).filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error(`expected one new session, found ${added}`);
  return added[0];
}

/** Change a session: the edit form as it stands, with over applied. */
async function editSession(server, sid, over, admin = 'admin') {
  const c = new Client(server, admin);
  const p = `/admin/training/${sid}/edit`;
  const fields = formFields((await c.get(p)).text, c.actionPath(p));
  expect303(await c.post(p, { ...fields, ...over }), `edit session ${sid}`);
}

async function book(server, user, pid, sid) {
  expect303(await new Client(server, user).post(`/programmes/${pid}/training/book`,
    { session: String(sid) }, `/programmes/${pid}/training`), `${user} books session ${sid}`);
}

async function cancelBooking(server, user, pid) {
  expect303(await new Client(server, user).post(`/programmes/${pid}/training/cancel`, {},
    `/programmes/${pid}/training`), `${user} cancels`);
}

/** Take the register of a session (it must have started): marks maps a
 *  person's display name to 'attended' or 'absent'. */
async function takeRegister(server, sid, marks, user = 'facilitator') {
  const c = new Client(server, user);
  const p = `/training/${sid}/register`;
  const html = (await c.get(p)).text;
  const fields = {};
  for (const m of html.matchAll(/<legend>([^<]*)<\/legend>[\s\S]*?name="(att-\d+)"/g)) {
    const name = unescapeAttr(m[1]);
    if (!(name in marks)) throw new Error(`no mark given for ${name}`);
    fields[m[2]] = marks[name];
  }
  expect303(await c.post(p, fields), `register of session ${sid}`);
}

async function override(server, pid, aid, reason, admin = 'admin') {
  expect303(await new Client(server, admin).post(`/admin/programmes/${pid}/training/override`,
    { action: 'record', application: String(aid), reason },
    `/admin/programmes/${pid}/training`), `override for ${aid}`);
}

async function matchingRule(server, pid, mentorApp, seniorApp, action, reason = '', admin = 'admin') {
  const p = `/admin/programmes/${pid}/matching`;
  expect303(await new Client(server, admin).post(`${p}/rule`,
    { mentor: String(mentorApp), senior: String(seniorApp), action, reason }, p),
  `${action} ${mentorApp}:${seniorApp}`);
}

async function runMatching(server, pid, admin = 'admin') {
  const p = `/admin/programmes/${pid}/matching`;
  expect303(await new Client(server, admin).post(`${p}/run`, {}, p), `run the matching of ${pid}`);
}

async function publish(server, pid, admin = 'admin') {
  const p = `/admin/programmes/${pid}/matching`;
  expect303(await new Client(server, admin).post(`${p}/publish`, {}, p), `publish the pairs of ${pid}`);
}

Object.assign(module.exports, {
  MENTOR_MATCH, SENIOR_MATCH, formFields, selectOptions, signIn, addToTeam, teamPersonId,
  addSession, editSession, book, cancelBooking, takeRegister, override, matchingRule,
  runMatching, publish,
});

// ---- the pairs' year: meetings, notes, ending and the calendar ---------------
// Same routes and fields as features/pairs' forms.  The calendar cannot be
// moved over HTTP (a programme's start date is checked against its
// application dates), so sql() changes the dates in the test server's SQLite
// database the way tests/security/hostile.py server_sql does: sqlite3 run as
// the server's user.

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Rows (arrays of strings) of a statement run on the server's database. */
function sql(server, statement) {
  const db = path.join(server.dir, 'db', 'rmentor.db');
  let cmd = 'sqlite3';
  let args = ['-batch', '-separator', '\t', db, statement];
  if (process.geteuid && process.geteuid() === 0) {
    args = ['-u', 'www-data', '--', cmd, ...args];
    cmd = 'runuser';
  }
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 60000 });
  return out.split('\n').filter((l) => l).map((l) => l.split('\t'));
}

/** Demo accounts <prefix><start>.. (prefix "load": staff at grade 8; "exec":
 *  executives who may be Senior Mentors), as rmtest.Httpd.add_load_users. */
function addUsers(server, n, start, prefix = 'load') {
  if (!['load', 'exec'].includes(prefix)) throw new Error(`no ${prefix} accounts in the demo SSO`);
  const digest = crypto.createHash('sha1').update(PASSWORD).digest('base64');
  const users = [];
  for (let i = start; i < start + n; i++) users.push(`${prefix}${i}`);
  fs.appendFileSync(path.join(server.dir, 'htpasswd'),
    users.map((u) => `${u}:{SHA}${digest}\n`).join(''));
  return users;
}

/** Put a programme whose pairs are published mid-year: it started
 *  startDaysAgo days ago (applications closed before), check-in 180 days
 *  after the start.  As tests/integration/test_pairs.py published(). */
function startedDaysAgo(server, pid, startDaysAgo = 200) {
  sql(server, `UPDATE programme SET apply_opens = '${days(-startDaysAgo - 60)}', `
    + `apply_closes = '${days(-startDaysAgo - 30)}', start_date = '${days(-startDaysAgo)}', `
    + `checkin_date = '${days(180 - startDaysAgo)}' WHERE id = ${Number(pid)};`);
  // the pairs were published a fortnight before that start (a meeting cannot
  // be dated before its pair was made)
  sql(server, `UPDATE pair SET created_at = CAST(strftime('%s', '${days(-startDaysAgo - 14)}') `
    + `AS INTEGER), pace_offset = 0 WHERE programme_id = ${Number(pid)};`);
}

/** The id of the active pair of a Mentor's application. */
function pairOf(server, mentorApp) {
  const rows = sql(server, `SELECT id FROM pair WHERE mentor_app = ${Number(mentorApp)} `
    + 'ORDER BY id DESC LIMIT 1;');
  if (!rows.length) throw new Error(`no pair for application ${mentorApp}`);
  return Number(rows[0][0]);
}

function lastMeeting(server, pid) {
  return Number(sql(server, `SELECT max(id) FROM meeting WHERE pair_id = ${Number(pid)};`)[0][0]);
}

/** Log a meeting as user; returns its id. */
async function logMeeting(server, user, pid, fields = {}) {
  const form = { held_on: days(-7), minutes: '60', mode: 'online', agenda: '', ...fields };
  expect303(await new Client(server, user).post(`/pairs/${pid}/meetings`, form, `/pairs/${pid}/meetings/new`),
    `${user} logs a meeting of pair ${pid}`);
  return lastMeeting(server, pid);
}

async function confirmMeeting(server, user, mid, pid) {
  expect303(await new Client(server, user).post(`/meetings/${mid}/confirm`, {}, `/meetings/${mid}/answer`),
    `${user} confirms meeting ${mid}`);
}

async function disputeMeeting(server, user, mid, reason) {
  expect303(await new Client(server, user).post(`/meetings/${mid}/dispute`, { reason }, `/meetings/${mid}/answer`),
    `${user} disputes meeting ${mid}`);
}

async function writeNote(server, user, pid, body) {
  expect303(await new Client(server, user).post(`/pairs/${pid}/notes`, { body }),
    `${user} writes a note on pair ${pid}`);
}

async function askToEnd(server, user, pid, category, note = '') {
  expect303(await new Client(server, user).post(`/pairs/${pid}/end`, { category, note }),
    `${user} asks to end pair ${pid}`);
}

async function endPair(server, pid, category, note, admin = 'admin') {
  expect303(await new Client(server, admin).post(`/admin/pairs/${pid}/end`, { category, note },
    `/admin/pairs/${pid}`), `end pair ${pid}`);
}

Object.assign(module.exports, {
  sql, addUsers, startedDaysAgo, pairOf, lastMeeting, logMeeting, confirmMeeting,
  disputeMeeting, writeNote, askToEnd, endPair,
});

// ---- the resources hub: multipart forms ------------------------------------
// The hub's add and edit forms are multipart/form-data (features/resources):
// postMultipart() sends the fields and files as a browser sends that form,
// with the form token read from the page the form is on; a file input left
// empty is sent as a browser sends it (an empty part, filename="").

/** POST p as multipart/form-data: fields (name: value) and files (name:
 *  { name, data, type }, or null for a file input left empty). */
Client.prototype.postMultipart = async function postMultipart(p, fields, files = {}, tokenFrom = p) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('csrf', await this.token(tokenFrom, p));
  for (const [k, f] of Object.entries(files)) {
    if (f) body.append(k, new Blob([f.data], { type: f.type || 'application/octet-stream' }), f.name);
    else body.append(k, new Blob([], { type: 'application/octet-stream' }), '');
  }
  const r = await fetch(this.server.base + p, {
    method: 'POST', body, redirect: 'manual', headers: { Authorization: this.auth },
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
};

/** A small PDF the hub takes (its bytes start "%PDF-1.4"); tag makes it unique. */
function pdfBytes(tag = '') {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'
    + `% ${tag}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** Add a resource through the curators' form; returns its id.  over: the
 *  form's fields (title, kind, description, topics, source, url, audience,
 *  programme, role); file: { name, data, type } for source "file". */
async function addResource(server, over = {}, file = null, admin = 'admin') {
  const form = {
    title: 'Allyship toolkit', kind: 'toolkit',
    description: 'How to be an active ally to colleagues of colour.',
    topics: 'allyship, recruitment', source: file ? 'file' : 'link',
    url: file ? '' : 'https://www.example.ac.uk/allyship', audience: 'all', programme: '',
    role: '', ...over,
  };
  const r = await new Client(server, admin).postMultipart('/admin/resources', form,
    { file }, '/admin/resources/new');
  const loc = expect303(r, `add resource ${form.title}`);
  const m = /\/admin\/resources\/(\d+)\?done=resource-added/.exec(loc);
  if (!m) throw new Error(`add resource ${form.title}: redirected to ${loc}`);
  return Number(m[1]);
}

/** Withdraw (or, with restore, list again) resource id. */
async function withdrawResource(server, id, restore = false, admin = 'admin') {
  const p = `/admin/resources/${id}`;
  expect303(await new Client(server, admin).post(`${p}/${restore ? 'restore' : 'withdraw'}`, {}, p),
    `${restore ? 'restore' : 'withdraw'} resource ${id}`);
}

Object.assign(module.exports, { pdfBytes, addResource, withdrawResource });
