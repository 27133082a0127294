// A self-signed X.509 v3 certificate for the classroom server, built with Node's built-ins only:
// an ECDSA P-256 key from node:crypto, and the certificate's DER written by hand below.
//
//   Certificate  ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
//   TBSCertificate ::= SEQUENCE { [0] version v3, serialNumber, signature, issuer, validity,
//                                 subject, subjectPublicKeyInfo, [3] extensions }
//
// Extensions: basicConstraints (not a CA), keyUsage digitalSignature, extendedKeyUsage
// serverAuth, subjectAltName with the DNS names and IP addresses the students will type.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

// ------------------------------------------------------------------ DER

function len(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV: tag byte, DER length, content. */
export function tlv(tag, ...content) {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c) => tlv(0x30, ...c);
const set = (...c) => tlv(0x31, ...c);
const octets = (b) => tlv(0x04, b);
const bitString = (b, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const bool = (v) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s) => tlv(0x0c, Buffer.from(s, 'utf8'));
/** [n] EXPLICIT (constructed, context-specific). */
const explicit = (n, ...c) => tlv(0xa0 | n, ...c);

/** A non-negative INTEGER from big-endian bytes (minimal, with a 0 byte if the top bit is set). */
function integer(bytes) {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function oid(dotted) {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(d) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return y < 2050 ? tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, 'ascii')) : tlv(0x18, Buffer.from(`${p(y, 4)}${rest}`, 'ascii'));
}

function ipBytes(ip) {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (isIPv6(ip)) {
    // expand "::" and write 8 groups of 16 bits
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return Buffer.concat(groups.map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(parseInt(g, 16)); return b; }));
  }
  throw new Error(`not an IP address: ${ip}`);
}

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1'
};

function extension(id, critical, value) {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

function name(commonName) {
  return seq(set(seq(oid(OID.organization), utf8('MetalLB Lab classroom'))), set(seq(oid(OID.commonName), utf8(commonName))));
}

// ------------------------------------------------------------------ the certificate

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A new key and a self-signed certificate for these names and addresses.
 * `notBefore` is an hour before `now` (clocks in a classroom disagree), `notAfter` `days` after.
 */
export function createCertificate({ dnsNames = [], ips = [], days = 365, now = new Date(), commonName } = {}) {
  if (!dnsNames.length && !ips.length) throw new Error('a certificate needs at least one name or address');
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive
  if (serial[0] === 0) serial[0] = 1;
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60 * 60 * 1000);
  const notAfter = new Date(Math.floor(now.getTime() / 1000) * 1000 + days * DAY_MS);
  const cn = commonName ?? dnsNames[0] ?? ips[0];
  const sigAlg = seq(oid(OID.ecdsaWithSHA256));
  const san = seq(...dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...ips.map((ip) => tlv(0x87, ipBytes(ip))));
  const extensions = seq(
    extension(OID.basicConstraints, true, seq()),
    extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, san)
  );
  const tbs = seq(
    explicit(0, integer([2])), // v3
    integer(serial),
    sigAlg,
    name(cn),
    seq(time(notBefore), time(notAfter)),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions)
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const der = seq(tbs, sigAlg, bitString(signature));
  const certPem = pem('CERTIFICATE', der);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, keyPem, x509: new X509Certificate(certPem) };
}

function pem(label, der) {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** "DNS:a, IP Address:1.2.3.4" as Node prints a subjectAltName, in a canonical order. */
export function sanEntries({ dnsNames = [], ips = [] }) {
  return [...dnsNames.map((d) => `DNS:${d.toLowerCase()}`), ...ips.map((ip) => `IP Address:${ip.toUpperCase()}`)].sort();
}

function parseSan(text) {
  return (text ?? '')
    .split(', ')
    .filter(Boolean)
    .map((e) => (e.startsWith('DNS:') ? e.toLowerCase().replace(/^dns:/, 'DNS:') : e.toUpperCase().replace(/^IP ADDRESS:/, 'IP Address:')))
    .sort();
}

// ------------------------------------------------------------------ this machine

/** The names and addresses students may use: localhost, loopback, LAN IPv4s, the host name. */
export function machineNames() {
  const ips = ['127.0.0.1'];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      const v4 = a.family === 'IPv4' || a.family === 4;
      if (v4 && !a.internal && !ips.includes(a.address)) ips.push(a.address);
    }
  }
  const dnsNames = ['localhost'];
  const host = osHostname().toLowerCase();
  if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(host) && host !== 'localhost') {
    dnsNames.push(host);
    if (!host.includes('.')) dnsNames.push(`${host}.local`); // mDNS (macOS, most Linux desktops)
  }
  return { dnsNames, ips };
}

/**
 * The certificate in `dir` (cert.pem, key.pem), made once and reused; made again when the
 * names or addresses changed, when it expires within a day, or when the files do not match.
 */
export function ensureCertificate(dir, { dnsNames, ips, days = 365, now = new Date() }) {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const wanted = sanEntries({ dnsNames, ips });
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const certPem = readFileSync(certFile, 'utf8');
      const keyPem = readFileSync(keyFile, 'utf8');
      const x509 = new X509Certificate(certPem);
      const fresh = new Date(x509.validTo).getTime() - now.getTime() > DAY_MS && new Date(x509.validFrom).getTime() <= now.getTime();
      const same = JSON.stringify(parseSan(x509.subjectAltName)) === JSON.stringify(wanted);
      if (fresh && same && x509.checkPrivateKey(createPrivateKey(keyPem))) return { certPem, keyPem, x509, created: false };
    } catch {
      /* unreadable: make a new one */
    }
  }
  const made = createCertificate({ dnsNames, ips, days, now });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, made.keyPem, { mode: 0o600 });
  writeFileSync(certFile, made.certPem);
  return { ...made, created: true };
}
