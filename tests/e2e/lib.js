// Helpers for the end-to-end tests: an HTTPS client with a cookie jar that talks to the
// private stack started by scripts/e2e.sh, and access to its database, mail and tools.
import assert from 'node:assert/strict';
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

// ---------------------------------------------------------------------------------------
// Helpers of the platform suite (login, session, password, input, outage, worker and
// kontorctl tests). Appended: nothing above changes behaviour.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const SESSION_COOKIE = '__Host-kontor';
export const PRE_COOKIE = '__Host-kontor_pre';
export const LANG_COOKIE = '__Host-kontor_lang';

// A client address in 127.100.0.0/16 that no other test file of this run has had: numbers
// are taken with exclusive file creation in $VAR, so files running one after another never
// share per-address throttling or nginx's limit_req buckets.
export function uniqueAddress() {
  const dir = join(VAR, 'test-addresses');
  mkdirSync(dir, { recursive: true });
  for (let n = 1; n < 65000; n++) {
    try {
      closeSync(openSync(join(dir, String(n)), 'wx'));
      return `127.100.${n >> 8}.${n & 0xff}`;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
  }
  throw new Error('no client address left');
}

// A Client on an address of its own.
export function client(opts = {}) {
  return new Client({ address: uniqueAddress(), ...opts });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A string as an SQL literal (tests build their queries; values come from the tests).
export function q(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// The first cell of the first row, or undefined.
export function sqlValue(query) {
  const rows = sql(query);
  return rows.length ? rows[0][0] : undefined;
}

// The Set-Cookie header of a response for one cookie name, as sent, or undefined.
export function setCookie(res, name) {
  return (res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
}

// A Client that has logged in as user (asserting the redirect), on an address of its own.
export async function loggedIn(user, opts = {}) {
  const c = client(opts);
  const res = await c.login(user.email, user.password);
  if (res.status !== 303 || !c.cookies.has(SESSION_COOKIE)) {
    throw new Error(`login of ${user.email} answered ${res.status}`);
  }
  return c;
}

// The visible text of an HTML fragment: tags dropped, the entities XSLT writes decoded,
// white space collapsed.
export function text(html) {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

// The content of <main>, as text.
export function mainText(html) {
  const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
  return m ? text(m[1]) : '';
}

// The field errors of a rendered form: { fieldName: message }.
export function fieldErrors(html) {
  const out = {};
  for (const m of html.matchAll(/<p class="field-error" id="f-([^"]+)-error">([^<]*)<\/p>/g)) {
    out[m[1]] = text(m[2]);
  }
  return out;
}

// The page's messages (the role="alert" or role="status" paragraphs), as text.
export function messages(html) {
  return [...html.matchAll(/<p class="msg [^"]*" role="[^"]*">([\s\S]*?)<\/p>/g)].map((m) => text(m[1]));
}

// scripts/stack.sh with arguments on the test stack (db-stop, db-start).
export function stack(...args) {
  execFileSync(join(ROOT, 'scripts/stack.sh'), [...args.slice(0, 1), VAR, ...args.slice(1)], {
    stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
  });
}

// kontorctl without throwing: { status, stdout, stderr }.
export function kontorctlRun(args, input = '') {
  const r = spawnSync(join(ROOT, 'bin/kontorctl'), args, {
    input, encoding: 'utf8', env: { ...process.env, KONTOR_CONF: join(VAR, 'kontor.conf') },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// One worker pass as a child process, resolved when it ends: { status, stdout, stderr }.
// conf names another configuration file (e.g. one with an SMTP server that is down).
export function workerProcess(args = [], conf = join(VAR, 'kontor.conf')) {
  return new Promise((resolve, reject) => {
    const p = spawn(join(ROOT, 'bin/worker'), ['--once', ...args], {
      env: { ...process.env, KONTOR_CONF: conf }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

// A copy of the stack's configuration with some keys replaced; returns its path.
export function confWith(name, changes) {
  let conf = readFileSync(join(VAR, 'kontor.conf'), 'utf8');
  for (const [k, v] of Object.entries(changes)) {
    conf = conf.replace(new RegExp(`^${k} = .*$`, 'm'), `${k} = ${v}`);
  }
  const path = join(VAR, `${name}.conf`);
  writeFileSync(path, conf, { mode: 0o600 });
  return path;
}

// A TCP port on 127.0.0.1 that nothing listens on (taken from the kernel, then released).
export function closedPort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The mails the SMTP sink received for one recipient.
export function mailsTo(to) {
  return mails().filter((m) => m.to === to);
}

// The raw bytes (latin1 string) of a stored mail.
export function rawMail(m) {
  return readFileSync(join(VAR, 'mail', m.file), 'latin1');
}

// An organization (kontorctl org add) with user as legal representative; returns its id.
export function newOrg(name, user, extra = []) {
  return Number(kontorctl(['org', 'add', name, '--legal-rep', user.email, ...extra]));
}

// A product of the organization; returns its id.
export function newProduct(orgId, name, kind = 'domain') {
  return Number(kontorctl(['product', 'add', String(orgId), '--kind', kind, '--name', name,
    '--expires', '2030-06-30']));
}

// ---------------------------------------------------------------------------------------
// Helpers of the API suite (api.test.js). Appended: nothing above changes behaviour.
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// CRC-32 (IEEE 802.3, as zlib) of a string's UTF-8 bytes.
export function crc32(s) {
  let crc = 0xffffffff;
  for (const b of Buffer.from(s, 'utf8')) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// The checksum part of an API token: the CRC-32 of the 33-character body as 6 base62
// digits, left-padded with '0' (fcgi/core/token.c).
export function tokenChecksum(body) {
  let n = crc32(body);
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}

// A token of the right form with a valid checksum that was never issued.
export function wellFormedToken() {
  let body = '';
  for (const b of randomBytes(33)) body += BASE62[b % 62];
  return `kontor_${body}${tokenChecksum(body)}`;
}

let tokenCounter = 0;

// An API token of user made with kontorctl token add; returns { token, id, name }.
export function newToken(user, scopes, extra = []) {
  tokenCounter += 1;
  const name = `Token ${process.pid}-${tokenCounter}`;
  const token = kontorctl(['token', 'add', user.email, '--name', name, '--scopes', [].concat(scopes).join(','), ...extra]);
  const id = Number(sqlValue(`SELECT id FROM api_tokens WHERE user_id = ${user.id} AND name = ${q(name)}`));
  return { token, id, name };
}

// One request to the API through client c with the token as bearer (none when token is
// null); returns the response with json, the parsed body (undefined when not JSON).
export async function apiRequest(c, token, method, path, { headers = {}, body } = {}) {
  const h = { ...headers };
  if (token != null) h.Authorization = `Bearer ${token}`;
  const res = await c.request(method, path, { headers: h, body });
  let json;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

// GET /api/1<path> with a bearer token from a fresh client: { status, headers, json }.
export async function apiGet(token, path) {
  const res = await apiRequest(client(), token, 'GET', `/api/1${path}`);
  return { status: res.status, headers: res.headers, json: res.json };
}

// One API request with a token from a fresh client (or c): a JSON body when body is given (a
// string is sent as it is). Returns the response with json and the client's address.
export async function apiCall(token, method, path, body, { c = client(), headers = {} } = {}) {
  const opts = { headers: { ...headers } };
  if (body !== undefined) {
    opts.headers['Content-Type'] ??= 'application/json';
    opts.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await apiRequest(c, token, method, `/api/1${path}`, opts);
  return { ...res, address: c.address };
}

// Asserts the API's error envelope with status and code, and a description.
export function assertApiError(res, status, code) {
  assert.equal(res.status, status, res.body);
  assert.equal(res.json?.result, 'error', res.body);
  assert.equal(res.json.error.code, code, res.body);
  assert.equal(typeof res.json.error.description, 'string', res.body);
  assert.ok(res.json.error.description.length > 0, res.body);
}

// Asserts 400 validation_failed naming exactly these fields.
export function assertApiFields(res, fields) {
  assertApiError(res, 400, 'validation_failed');
  assert.deepEqual(Object.keys(res.json.error.fields ?? {}).sort(), [...fields].sort(), res.body);
}

// ---------------------------------------------------------------------------------------
// Helpers of the SMS suite (sms.test.js). Appended: nothing above changes behaviour.

// Every SMS the local gateway (scripts/sms_gateway.py) received, oldest first:
// { file, to, text, receivedAt }.
export function smsMessages() {
  const dir = join(VAR, 'sms');
  let files = [];
  try {
    files = readdirSync(dir);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  return files.filter((f) => f.endsWith('.json')).sort().map((file) => {
    const m = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    return { file, to: m.to, text: m.text, receivedAt: m.received_at };
  });
}

// The SMS received for one number (E.164).
export function smsTo(to) {
  return smsMessages().filter((m) => m.to === to);
}

// The 6-digit code an SMS carries, or undefined.
export function smsCode(m) {
  return /\b(\d{6})\b/.exec(m.text)?.[1];
}

// Runs the worker until an SMS for `to` that is not in `seen` (file names) and matches
// `pred` has arrived; returns the newest such one.
export async function waitForSms(to, { seen = [], pred = () => true } = {}) {
  const old = new Set(seen);
  for (let i = 0; i < 50; i++) {
    const found = smsTo(to).filter((m) => !old.has(m.file) && pred(m));
    if (found.length) return found[found.length - 1];
    worker();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS for ${to}`);
}
