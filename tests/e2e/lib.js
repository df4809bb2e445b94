// Helpers for the end-to-end tests: an HTTPS client with a cookie jar that talks to the
// private stack started by scripts/e2e.sh, and access to its database, mail and tools.
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = process.env.KONTOR_ROOT;
export const VAR = process.env.KONTOR_VAR;
export const PORT = Number(process.env.KONTOR_PORT);
export const BASE = process.env.KONTOR_URL;

if (!ROOT || !VAR || !PORT) {
  throw new Error('run the end-to-end tests with scripts/e2e.sh (make e2e), which starts the stack');
}

// Each test file gets its own client address in 127.0.0.0/8, so that per-address
// throttling and nginx's limit_req in one file do not affect another.
let addressCounter = 0;
export function freshAddress() {
  addressCounter += 1;
  const n = (process.pid % 200) * 50 + addressCounter;
  return `127.${10 + ((n >> 16) & 0xff)}.${(n >> 8) & 0xff}.${(n & 0xff) || 1}`;
}

export class Client {
  constructor({ address = freshAddress(), lang = 'en' } = {}) {
    this.address = address;
    this.lang = lang;
    this.cookies = new Map();
    this.lastBody = '';
  }

  // One request; never follows redirects. Returns { status, headers, body }.
  request(method, path, { body, headers = {}, raw = false } = {}) {
    const h = { 'Accept-Language': this.lang, ...headers };
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) h.Cookie = jar;
    let payload = body;
    if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
      payload = new URLSearchParams(body).toString();
      h['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    if (payload !== undefined) h['Content-Length'] = Buffer.byteLength(payload);
    return new Promise((resolve, reject) => {
      const req = https.request({
        host: '127.0.0.1', port: PORT, path, method, headers: { Host: `localhost:${PORT}`, ...h },
        localAddress: this.address, rejectUnauthorized: false,
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair, ...attrs] = c.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          const buf = Buffer.concat(chunks);
          const text = raw ? buf : buf.toString('utf8');
          if (!raw) this.lastBody = text;
          resolve({ status: res.statusCode, headers: res.headers, body: text });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get(path, opts) { return this.request('GET', path, opts); }

  // Posts a form; adds the CSRF token of the last page seen unless the form has one.
  post(path, form = {}, opts = {}) {
    const body = { ...form };
    if (!('csrf' in body)) body.csrf = this.csrf();
    return this.request('POST', path, { body, headers: { Origin: `https://localhost:${PORT}`, ...(opts.headers ?? {}) } });
  }

  csrf() {
    const m = /name="csrf" value="([^"]*)"/.exec(this.lastBody);
    return m ? m[1] : '';
  }

  async login(email, password) {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}

// The mariadb client on the stack's database; returns rows as arrays of strings.
export function sql(query) {
  const out = execFileSync(join(ROOT, 'scripts/stack.sh'), ['sql', VAR, '-N', '-B', '-e', query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export function kontorctl(args, input = '') {
  return execFileSync(join(ROOT, 'bin/kontorctl'), args, {
    input, encoding: 'utf8', env: { ...process.env, KONTOR_CONF: join(VAR, 'kontor.conf') },
  }).trim();
}

// Runs one worker pass (delivers due mail); extra arguments such as ['--now', '...'].
export function worker(args = []) {
  return execFileSync(join(ROOT, 'bin/worker'), ['--once', ...args], {
    encoding: 'utf8', env: { ...process.env, KONTOR_CONF: join(VAR, 'kontor.conf') },
  });
}

let userCounter = 0;
export const PASSWORD = 'Granit-Wolke-Leiter-73';

// Creates a user with kontorctl and returns { id, email, password }.
export function newUser(prefix = 'user', extra = []) {
  userCounter += 1;
  const email = `${prefix}${process.pid}x${userCounter}@example.test`;
  const id = kontorctl(['user', 'add', email, '--name', `Test ${prefix} ${userCounter}`, ...extra], `${PASSWORD}\n`);
  return { id: Number(id), email, password: PASSWORD };
}

function decodeQP(s) {
  const bytes = Buffer.from(s.replace(/=\r?\n/g, ''), 'latin1');
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x3d && i + 2 < bytes.length) {
      out.push(parseInt(bytes.slice(i + 1, i + 3).toString(), 16));
      i += 2;
    } else out.push(bytes[i]);
  }
  return Buffer.from(out).toString('utf8');
}

function decodeHeader(v) {
  return v.replace(/\r?\n\s+/g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

// Every mail the SMTP sink received: { file, to, subject, headers, body } (body decoded).
export function mails() {
  const dir = join(VAR, 'mail');
  return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((file) => {
    const raw = readFileSync(join(dir, file), 'latin1');
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.slice(0, split);
    const headers = {};
    for (const line of head.split(/\r\n(?![ \t])/)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = decodeHeader(line.slice(i + 1).trim());
    }
    return { file, to: headers['x-envelope-to'], subject: headers.subject, headers, body: decodeQP(raw.slice(split + 4)) };
  });
}

// Runs the worker until a mail for `to` matching `pred` has arrived (at most a few passes).
export async function waitForMail(to, pred = () => true) {
  for (let i = 0; i < 50; i++) {
    const found = mails().filter((m) => m.to === to && pred(m));
    if (found.length) return found[found.length - 1];
    worker();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail for ${to}`);
}

// Throws unless the HTML is well-formed: libxml2's HTML parser (xmllint) reports no error
// other than not knowing HTML5 element names, and html, head, body, main appear once.
export function assertPage(html) {
  try {
    execFileSync('xmllint', ['--html', '--noout', '-'], { input: html, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const errors = String(e.stderr).split('\n').filter((l) => /error/i.test(l) && !/Tag (main|header|nav|footer|section|article|aside) invalid/.test(l));
    if (errors.length) throw new Error(`malformed HTML: ${errors.join('; ')}`);
  }
  if (!/^<!DOCTYPE html/i.test(html)) throw new Error('no doctype');
  for (const tag of ['html', 'head', 'body', 'main']) {
    const open = (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length;
    const close = (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
    if (open !== 1 || close !== 1) throw new Error(`<${tag}> opened ${open} and closed ${close} times`);
  }
  if (!/<title>[^<]+<\/title>/.test(html)) throw new Error('no title');
}
