'use strict';
// A private httpd with mod_rmentor and the demo SSO on a free loopback port,
// made the way tests/lib/rmtest.py makes it (scripts/prepare-run.sh, then
// `apache2 -f RUN_DIR/httpd.conf -DFOREGROUND`), stopped by its PID.
// stop() scans error.log and reports crashes, sanitizer reports and error
// lines, as the Python harness does.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MODULE = process.env.RM_MODULE || path.join(ROOT, 'build', 'mod_rmentor.so');
const PASSWORD = 'mentoring';

// Lines in error.log that always fail a run (same list as rmtest.FATAL).
const FATAL = /exit signal|AH00052|AH00051|runtime error:|Sanitizer|Segmentation fault|double free|malloc\(\)|stack smashing/;
// Log levels no page view or form submission of these tests should cause.
const SEVERE = /\[[a-z_]*:(error|crit|alert|emerg)\]/;

// An unprotected mount: requests reach mod_rmentor with no principal, so it
// answers with its own 401 "Please sign in" page (the one a person sees when
// the SSO session is missing).  Same as tests/integration/conftest.py.
const OPEN_MOUNT = `
<Location /open-mentoring>
    SetHandler rmentor
    RMentorBasePath /open-mentoring
    Require all granted
</Location>
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setTimeout(200);
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('timeout', () => { sock.destroy(); resolve(false); });
    sock.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Httpd {
  constructor({ extraConf = OPEN_MOUNT } = {}) {
    this.extraConf = extraConf;
    this.proc = null;
  }

  async start(timeoutMs = 15000) {
    if (!fs.existsSync(MODULE)) {
      throw new Error(`${MODULE} is missing: run \`make\` first`);
    }
    // mkdtemp + 0755: the children run as www-data and must reach it
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-browser-'));
    fs.chmodSync(this.dir, 0o755);
    this.port = await freePort();
    this.origin = `http://127.0.0.1:${this.port}`;
    this.base = `${this.origin}/mentoring`;
    if (this.extraConf) fs.writeFileSync(path.join(this.dir, 'extra.conf'), this.extraConf);
    this.conf = execFileSync(path.join(ROOT, 'scripts', 'prepare-run.sh'),
      [this.dir, String(this.port), 'sqlite3', '', MODULE],
      { encoding: 'utf8' }).trim();
    this.errorLog = path.join(this.dir, 'error.log');
    const stderr = fs.openSync(path.join(this.dir, 'stderr.log'), 'a');
    this.proc = spawn('apache2', ['-f', this.conf, '-DFOREGROUND'],
      { stdio: ['ignore', 'ignore', stderr] });
    fs.closeSync(stderr);
    // if this test process dies before stop(), do not leave httpd behind
    const pid = this.proc.pid;
    this.onExit = () => { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } };
    process.once('exit', this.onExit);
    let exited = null;
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, sig) => {
      exited = { code, sig };
      resolve(exited);
    }));
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (exited) {
        throw new Error(`apache2 exited (${JSON.stringify(exited)}):\n${this.tail('stderr.log')}`
                        + `\n${this.tail('error.log')}`);
      }
      if (await canConnect(this.port)) return this;
      await sleep(50);
    }
    await this.stop();
    throw new Error(`nothing listening on 127.0.0.1:${this.port}`);
  }

  tail(name, n = 20) {
    try {
      return fs.readFileSync(path.join(this.dir, name), 'utf8').split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGTERM to our own apache2 parent (by PID), SIGKILL after 20 s. */
  async stop() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 20000);
    await this.exited;
    clearTimeout(timer);
    process.removeListener('exit', this.onExit);
  }

  logProblems() {
    let lines = [];
    try {
      lines = fs.readFileSync(this.errorLog, 'utf8').split('\n');
    } catch {
      return [];
    }
    return lines.filter((l) => FATAL.test(l) || SEVERE.test(l));
  }

  cleanup() {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { Httpd, PASSWORD, ROOT, MODULE };
