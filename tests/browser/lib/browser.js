'use strict';
// Debian's chromium driven by playwright-core (no browser download), and the
// page checks: axe-core (WCAG 2.1 A/AA), reflow at 320 CSS px, and a visible
// keyboard focus indicator on every tab stop.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { PASSWORD } = require('./server');

const CHROMIUM = process.env.RM_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 800 };
const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

class Browser {
  /** Chromium with a fresh --user-data-dir (made here, removed by close()). */
  async launch() {
    this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-chromium-'));
    // launchPersistentContext is how playwright passes --user-data-dir; the
    // tests use separate, isolated contexts made from the same browser.
    this.persistent = await chromium.launchPersistentContext(this.userDataDir, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: DESKTOP,
    });
    this.browser = this.persistent.browser();
    this.contexts = new Map();
    return this;
  }

  /** A context signed in as user (HTTP Basic: the demo SSO), or anonymous. */
  // With JavaScript on (for axe), the module's Content-Security-Policy
  // (default-src 'none') is bypassed so that axe-core can be injected; the
  // pages themselves carry no script.
  async context(user, { js = true } = {}) {
    const key = `${user || '-'}/${js ? 'js' : 'nojs'}`;
    if (!this.contexts.has(key)) {
      const opts = { javaScriptEnabled: js, bypassCSP: js, viewport: DESKTOP, locale: 'en-GB' };
      if (user) opts.httpCredentials = { username: user, password: PASSWORD };
      const ctx = await this.browser.newContext(opts);
      ctx.setDefaultTimeout(15000);
      this.contexts.set(key, ctx);
    }
    return this.contexts.get(key);
  }

  async close() {
    try {
      if (this.persistent) await this.persistent.close();
    } finally {
      if (this.userDataDir) fs.rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }
}

// ---- axe ----------------------------------------------------------------

async function runAxe(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async (tags) => {
    /* global axe */
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    const pick = (list) => list.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      tags: v.tags.filter((x) => /^wcag\d/.test(x)),
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '), html: n.html.slice(0, 200),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim(),
      })),
    }));
    return { violations: pick(r.violations), incomplete: pick(r.incomplete) };
  }, AXE_TAGS);
}

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `      - ${n.target}\n          ${n.html}\n          ${n.summary}`);
    return `  ${v.id} [${v.impact}] ${v.help} (${v.tags.join(', ')})\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  }).join('\n');
}

// ---- reflow (WCAG 1.4.10) -------------------------------------------------

/** At 320 CSS px wide: does the page scroll horizontally, and what sticks out? */
async function checkReflow(page) {
  await page.setViewportSize(NARROW);
  const r = await page.evaluate(() => {
    const de = document.documentElement;
    const vw = de.clientWidth;
    const sel = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        let s = e.tagName.toLowerCase();
        if (e.id) s += '#' + e.id;
        else if (e.classList.length) s += '.' + [...e.classList].join('.');
        parts.unshift(s);
      }
      return parts.join(' > ');
    };
    const over = (el) => {
      const b = el.getBoundingClientRect();
      return b.width > 0 && (b.right > vw + 0.5 || b.left < -0.5);
    };
    const found = new Map();
    if (de.scrollWidth > vw) {
      for (const el of document.body.querySelectorAll('*')) {
        // report the outermost boxes that stick out (their parent fits)
        if (over(el) && !(el.parentElement && over(el.parentElement))
            && getComputedStyle(el).position !== 'absolute') {
          const b = el.getBoundingClientRect();
          const k = `${sel(el)} (${Math.round(b.left)}..${Math.round(b.right)} px)`;
          const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
          if (!found.has(k)) found.set(k, []);
          found.get(k).push(text);
        }
      }
    }
    const offenders = [...found].map(([k, texts]) =>
      `${k}${texts.length > 1 ? ` x${texts.length}` : ''}: "${texts.slice(0, 3).join('" | "')}"`);
    return { viewport: vw, scrollWidth: de.scrollWidth, offenders: offenders.slice(0, 8) };
  });
  await page.setViewportSize(DESKTOP);
  return r;
}

// ---- text spacing (WCAG 1.4.12) -------------------------------------------

/**
 * With the spacing of WCAG 1.4.12 forced on every element, at the desktop
 * width and at 320 px: is any text cut off (a box that hides its overflow
 * while its content is larger)?  Leaves the spacing applied.
 */
async function checkTextSpacing(page) {
  await page.addStyleTag({
    content: '*{line-height:1.5!important;letter-spacing:.12em!important;'
      + 'word-spacing:.16em!important}p{margin-bottom:2em!important}',
  });
  const clipped = [];
  for (const size of [DESKTOP, NARROW]) {
    await page.setViewportSize(size);
    const found = await page.evaluate(() => {
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const cs = getComputedStyle(el);
        // form controls scroll their own value: not cut off
        if (el.closest('.visually-hidden') || cs.position === 'absolute'
            || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
        const hides = (v) => v === 'hidden' || v === 'clip';
        if (!hides(cs.overflowX) && !hides(cs.overflowY)) continue;
        if ((hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1)
            || (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
          out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}: "${(el.textContent || '').trim().slice(0, 40)}"`);
        }
      }
      return out;
    });
    clipped.push(...found.map((f) => `${size.width} px: ${f}`));
  }
  await page.setViewportSize(DESKTOP);
  return clipped;
}

// ---- focus indicator (WCAG 2.4.7, 1.4.11) -----------------------------------

// Runs in the page: what has focus, and is its indicator visible?
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const rgba = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || '');
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const bgOf = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const cs = getComputedStyle(el);
  const behind = bgOf(el.parentElement);
  const outlineW = parseFloat(cs.outlineWidth) || 0;
  const outlineC = rgba(cs.outlineColor);
  const outlineOk = !['none', 'auto', 'hidden'].includes(cs.outlineStyle) && outlineW >= 2
    && outlineC && outlineC.a > 0 && contrast(outlineC, behind) >= 3;
  // box-shadow "rgb(11, 12, 12) 0px 0px 0px 5px": a solid ring of 2px or more
  let shadowOk = false;
  if (cs.boxShadow && cs.boxShadow !== 'none') {
    const m = /^(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+([\d.]+)px/.exec(cs.boxShadow);
    if (m) {
      const c = rgba(m[1]);
      shadowOk = +m[5] >= 2 && c.a > 0 && contrast(c, behind) >= 3;
    }
  }
  const b = el.getBoundingClientRect();
  const onScreen = b.width > 0 && b.height > 0 && b.right > 0 && b.bottom > 0
    && b.left < innerWidth && b.top < innerHeight;
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  if (el.getAttribute('type')) name += `[type=${el.getAttribute('type')}]`;
  const text = (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const inMain = !!el.closest('main');
  // identity for "seen before": the element's path in the document
  const pathOf = (e) => {
    const p = [];
    for (; e && e.parentElement; e = e.parentElement) {
      p.unshift([...e.parentElement.children].indexOf(e));
    }
    return p.join('.');
  };
  return {
    key: pathOf(el), name, text, inMain, onScreen,
    ok: onScreen && (outlineOk || shadowOk),
    isSkip: el.classList.contains('skip'),
    style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
  };
}

/**
 * From a freshly loaded page: the first Tab lands on a visible "Skip to main
 * content" link; following it moves the keyboard into <main>; then every tab
 * stop of the page shows a visible focus indicator (3:1 against what is
 * behind it).  Returns the findings; the caller asserts.
 */
async function checkFocus(page, maxPresses = 250) {
  const out = { skip: null, afterSkip: null, stops: 0, problems: [], startsInSummary: false };
  const hasMainFocusable = await page.evaluate(() =>
    !!document.querySelector('main a[href], main input:not([type=hidden]), main select, main textarea, main button'));
  // A page with errors puts focus on its error summary (autofocus, no JS
  // needed): the keyboard then starts inside <main>, where the skip link
  // would have taken it, and the first Tab reaches the first error link.
  out.startsInSummary = await page.evaluate(() => {
    const a = document.activeElement;
    return !!(a && a.classList.contains('error-summary') && a.closest('main'));
  });
  await page.keyboard.press('Tab');
  out.skip = await page.evaluate(focusInfo);
  if (out.skip && out.skip.isSkip) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    out.afterSkip = await page.evaluate(focusInfo);
    out.skipWorks = !hasMainFocusable || !!(out.afterSkip && out.afterSkip.inMain);
  }
  // walk every tab stop once (focus wraps through the browser UI at the
  // end); a date input takes several Tabs (day, month, year) in a row
  const seen = new Set();
  let idle = 0;
  let prev = null;
  for (let i = 0; i < maxPresses && idle < 3; i++) {
    let info;
    if (i === 0) info = out.afterSkip || out.skip;
    else {
      await page.keyboard.press('Tab');
      info = await page.evaluate(focusInfo);
    }
    if (!info) { idle++; prev = null; continue; }
    idle = 0;
    if (info.key === prev) continue;
    if (seen.has(info.key)) break;
    prev = info.key;
    seen.add(info.key);
    if (!info.ok) out.problems.push(info);
  }
  if (out.skip && !seen.has(out.skip.key) && !out.skip.ok) out.problems.unshift(out.skip);
  out.stops = seen.size + (out.skip && !seen.has(out.skip.key) ? 1 : 0);
  return out;
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name.replace(/[^a-z0-9-]+/gi, '_') + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = {
  Browser, runAxe, formatViolations, checkReflow, checkFocus, checkTextSpacing,
  screenshot, focusInfo, AXE_TAGS, DESKTOP, NARROW, ARTIFACTS,
};
