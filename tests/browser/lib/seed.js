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
