'use strict';
// The HR data exchange's pages (features/hr), checked as a11y.test.js checks
// every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320 CSS px,
// skip link and visible focus on every tab stop, title, text spacing), each
// with a check that it shows the state it is meant to: HR's page (export
// links per programme, the upload form, recent updates); the report of an
// applied update (a valid file naming demo people, sent through the form);
// the report of an update whose records are rejected (422, each rejected
// record with its line); the page of a refused file (a hostile one from
// tests/data/hr/hostile, 422); and the upload sent with no file (422).  Plus
// an explicit check that the keyboard reaches the file input and the button
// and both show a focus indicator of at least 2 px.
//
// Then the import without JavaScript (JavaScript off, the module's
// Content-Security-Policy in force): HR opens its page, sends a file through
// the form (setInputFiles, then the button), reads "Applied" and the lines of
// the file, goes back and finds the update in "Recent updates"; the grade
// HR sent is in the person's record; an admin, who has no HR role, gets 404
// at /hr.
//
// Set up over plain HTTP first (lib/seed.js): a programme with Amara Okafor
// (mentor1) and Helen Graham (senior1) accepted (applying gives them their
// person records, which HR's files name).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Httpd } = require('../lib/server');
const seed = require('../lib/seed');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');
const nojs = require('../lib/nojs');

const { follow, h1, assertNoScript } = nojs;
const step = nojs.stepper();

const HOSTILE = path.resolve(__dirname, '..', '..', 'data', 'hr', 'hostile', 'xxe-file.xml');
const PROGRAMME = 'Reciprocal Mentoring 2026-27';

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const ids = {};
const totals = pagecheck.newTotals();

function hrUpdate(batch, body) {
  return Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<HRUpdate xmlns="urn:x-mod-rmentor:hr-import:1" batch="${batch}" `
    + 'produced="2026-12-05T10:00:00Z">\n'
    + `${body}\n</HRUpdate>\n`);
}

// A valid update naming people of the demo who have used the service
const VALID = hrUpdate('2026-12-05-1', [
  '  <StaffNumber principal="mentor1@demo.ac.uk" number="D01004"/>',
  '  <GradeChange principal="mentor1@demo.ac.uk" grade="9" effective="2026-11-01"/>',
  '  <GradeChange principal="senior1@demo.ac.uk" grade="10" effective="2026-10-01"/>',
].join('\n'));
// One record names someone who never used the service: nothing is applied
const REJECTED = hrUpdate('2026-12-05-2', [
  '  <GradeChange principal="mentor1@demo.ac.uk" grade="8" effective="2026-12-01"/>',
  '  <GradeChange principal="nobody@demo.ac.uk" grade="9" effective="2026-11-01"/>',
].join('\n'));
// The journey's file
const JOURNEY = hrUpdate('2026-12-06-1', [
  '  <GradeChange principal="mentor1@demo.ac.uk" grade="10" effective="2026-12-01"/>',
  '  <Leaver principal="senior1@demo.ac.uk" leftOn="2027-01-31"/>',
].join('\n'));

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());

function upload(name, buffer, mimeType = 'application/xml') {
  return async (page) => {
    await page.getByLabel('HR update file (XML)').setInputFiles({ name, mimeType, buffer });
  };
}

async function tableRows(page, caption) {
  return page.locator('main table').filter({ has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td, th')]
      .map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
}

const PAGES = [
  {
    name: 'HR data exchange (HR)', user: 'hr', path: '/hr',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Progression export/);
      assert.match(t, /No updates have been sent yet\./);
      assert.equal(await page.getByRole('link', { name: `${PROGRAMME}, signed XML` }).count(), 1);
      assert.equal(await page.getByRole('link', { name: `${PROGRAMME}, CSV` }).count(), 1);
      const form = page.locator('main form[method=post][enctype="multipart/form-data"]');
      assert.equal(await form.count(), 1);
      assert.match(await form.getAttribute('action'), /\/hr\/import$/);
      assert.equal(await form.locator('input[name=csrf]').count(), 1);
      assert.equal(await form.locator('input[type=file][name=file]').count(), 1);
    },
  },
  {
    name: 'HR update applied (report)', user: 'hr', path: '/hr',
    submit: 'Check and apply', before: upload('grades.xml', VALID),
    expect: async (page) => {
      assert.equal(await h1(page), 'HR update applied');
      assert.match(await text(page), /Applied: 3 records, 3 changed, 0 unchanged\./);
      const rows = await tableRows(page, 'Records in the file');
      assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
        ['3', 'staff number', 'mentor1@demo.ac.uk'],
        ['4', 'grade', 'mentor1@demo.ac.uk'],
        ['5', 'grade', 'senior1@demo.ac.uk'],
      ]);
    },
  },
  {
    name: 'HR update with a rejected record (422)', user: 'hr', path: '/hr', status: 422,
    submit: 'Check and apply', before: upload('rejected.xml', REJECTED),
    expect: async (page) => {
      assert.equal(await h1(page), 'HR update not applied');
      assert.match(await text(page), /Nothing was changed: 1 of the 2 records was rejected\./);
      const rows = await tableRows(page, 'Rejected records');
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0].slice(0, 3), ['4', 'grade', 'nobody@demo.ac.uk']);
      assert.match(rows[0][3], /no one with this principal/);
    },
  },
  {
    name: 'HR update refused: a hostile file (422)', user: 'hr', path: '/hr', status: 422,
    submit: 'Check and apply',
    before: upload('hostile.xml', fs.readFileSync(HOSTILE)),
    expect: async (page) => {
      assert.equal(await h1(page), 'HR update refused');
      assert.match(await text(page), /The file was refused and nothing was changed: /);
      assert.equal(await page.locator('main table').count(), 0);
      assert.doesNotMatch(await text(page), /root:x:0/);
    },
  },
  {
    name: 'HR update refused: no file chosen (422)', user: 'hr', path: '/hr', status: 422,
    submit: 'Check and apply',
    expect: async (page) => {
      assert.equal(await h1(page), 'HR update refused');
      assert.match(await text(page), /no file arrived/);
    },
  },
  {
    name: 'HR data exchange with recent updates', user: 'hr', path: '/hr',
    expect: async (page) => {
      const rows = await tableRows(page, 'The last 20 updates');
      assert.equal(rows.length, 3, `${rows.length} updates listed`);
      const outcomes = rows.map((r) => r[6]);
      for (const o of ['Applied', 'Not applied: records rejected', 'Refused: not a valid file']) {
        assert.ok(outcomes.includes(o), `"${o}" in ${JSON.stringify(outcomes)}`);
      }
    },
  },
];

describe('the HR pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    ids.pid = await seed.createProgramme(s, { name: PROGRAMME });
    for (const [user, role] of [['mentor1', 'mentor'], ['senior1', 'senior']]) {
      const aid = await seed.apply(s, user, ids.pid, role);
      await seed.decide(s, aid, 'accepted', '');
    }
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('HR', PAGES, shared, totals, {
    between: () => {
      it('the keyboard reaches the file input and the button, each with a visible focus', async () => {
        const ctx = await browser.context('hr');
        const page = await ctx.newPage();
        try {
          await page.goto(`${server.base}/hr`);
          const seen = {};
          for (let i = 0; i < 60 && !(seen.file && seen.button); i++) {
            await page.keyboard.press('Tab');
            const f = await page.evaluate(() => {
              const el = document.activeElement;
              if (!el) return null;
              const cs = getComputedStyle(el);
              return {
                id: el.id, tag: el.tagName.toLowerCase(), type: el.getAttribute('type'),
                text: (el.textContent || '').trim(),
                outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
                width: parseFloat(cs.outlineWidth) || 0, style: cs.outlineStyle,
                shadow: cs.boxShadow,
              };
            });
            if (!f) continue;
            if (f.type === 'file') seen.file = f;
            if (f.tag === 'button' && f.text === 'Check and apply') seen.button = f;
          }
          for (const k of ['file', 'button']) {
            const f = seen[k];
            assert.ok(f, `Tab never reached the ${k}`);
            const ring = (!['none', 'hidden', 'auto'].includes(f.style) && f.width >= 2)
              || /\s([2-9]|\d\d)(\.\d+)?px$/.test(f.shadow || '');
            assert.ok(ring, `the ${k} shows no focus indicator of 2 px (outline ${f.outline}; `
              + `box-shadow ${f.shadow})`);
          }
        } finally {
          await page.close();
        }
      });
    },
  });
});

describe('the HR import without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    ids.pid2 = await seed.createProgramme(s, { name: PROGRAMME });
    for (const [user, role] of [['mentor1', 'mentor'], ['senior1', 'senior']]) {
      const aid = await seed.apply(s, user, ids.pid2, role);
      await seed.decide(s, aid, 'accepted', '');
    }
    browser = await new Browser().launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  step('HR opens its page from the address and sends a file through the form', async () => {
    const page = await nojs.noJsPage(browser, 'hr');
    let resp = await page.goto(`${server.base}/hr`);
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'HR data exchange');
    await assertNoScript(page);
    assert.match(await text(page), /No updates have been sent yet\./);
    await page.getByLabel('HR update file (XML)').setInputFiles({
      name: 'december.xml', mimeType: 'application/xml', buffer: JOURNEY,
    });
    resp = await follow(page, page.getByRole('button', { name: 'Check and apply' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), 'HR update applied');
    assert.match(await text(page), /Applied: 2 records, 2 changed, 0 unchanged\./);
    const rows = await tableRows(page, 'Records in the file');
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
      ['3', 'grade', 'mentor1@demo.ac.uk'],
      ['4', 'leaver', 'senior1@demo.ac.uk'],
    ]);

    // back to HR's page: the update is in "Recent updates"
    resp = await follow(page, page.getByRole('link', { name: 'Back to HR data exchange' }));
    assert.equal(resp.status(), 200);
    const sec = page.locator('section[aria-labelledby="h-imports"], div[aria-labelledby="h-imports"]');
    assert.equal(await sec.count(), 1, 'the "Recent updates" section');
    assert.match(await sec.innerText(), /Recent updates/);
    const recent = await tableRows(page, 'The last 20 updates');
    assert.equal(recent.length, 1);
    assert.deepEqual(recent[0].slice(1), ['hr', 'Web', '2', '2', '0', 'Applied']);
    await page.close();
  });

  step('what HR sent is in the people\'s records', async () => {
    const rows = seed.sql(server, "SELECT eppn, coalesce(hr_grade, ''), "
      + "coalesce(hr_grade_on, ''), coalesce(left_on, '') FROM person "
      + "WHERE eppn IN ('mentor1@demo.ac.uk', 'senior1@demo.ac.uk') ORDER BY eppn");
    assert.deepEqual(rows, [
      ['mentor1@demo.ac.uk', '10', '2026-12-01', ''],
      ['senior1@demo.ac.uk', '', '', '2027-01-31'],
    ]);
  });

  step('an admin, who has no HR role, gets 404 at /hr and its import', async () => {
    const page = await nojs.noJsPage(browser, 'admin');
    let resp = await page.goto(`${server.base}/hr`);
    assert.equal(resp.status(), 404);
    resp = await page.goto(`${server.base}/hr/export.csv`);
    assert.equal(resp.status(), 404);
    await page.close();
  });

  step('server error.log has no crash, sanitizer report or error line', async () => {
    await browser.close();
    browser = null;
    await server.stop();
    assert.deepEqual(server.logProblems(), [], `error.log in ${server.dir}`);
    server.cleanup();
    server = null;
  });
});
