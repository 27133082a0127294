import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertificate, ensureCertificate, machineNames, oid, tlv } from '../../../scripts/cert.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'classroom-cert-'));
  dirs.push(d);
  return d;
}

describe('DER building blocks', () => {
  it('encodes OIDs as X.690 says (ecdsa-with-SHA256, serverAuth)', () => {
    // 1.2.840.10045.4.3.2: 1*40+2 = 0x2a, 840 = 0x86 0x48, 10045 = 0xce 0x3d, then 4, 3, 2
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    // 1.3.6.1.5.5.7.3.1: 1*40+3 = 0x2b
    expect(oid('1.3.6.1.5.5.7.3.1').toString('hex')).toBe('06082b06010505070301');
  });

  it('uses the short length form below 128 bytes and the long form above', () => {
    expect(tlv(0x04, Buffer.alloc(127)).subarray(0, 2).toString('hex')).toBe('047f');
    expect(tlv(0x04, Buffer.alloc(200)).subarray(0, 3).toString('hex')).toBe('0481c8');
    expect(tlv(0x04, Buffer.alloc(300)).subarray(0, 4).toString('hex')).toBe('0482012c');
  });
});

describe('createCertificate', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const made = createCertificate({ dnsNames: ['localhost', 'lab.test'], ips: ['127.0.0.1', '192.168.1.20'], days: 30, now });
  const x509 = new X509Certificate(made.certPem);

  it('parses as an X.509 certificate with the names and addresses asked for', () => {
    expect(x509.subjectAltName).toBe('DNS:localhost, DNS:lab.test, IP Address:127.0.0.1, IP Address:192.168.1.20');
    expect(x509.checkHost('lab.test')).toBe('lab.test');
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x509.checkIP('192.168.1.21')).toBeUndefined();
    expect(x509.subject).toContain('CN=localhost');
    expect(x509.issuer).toBe(x509.subject);
  });

  it('is self-signed: its own public key verifies it', () => {
    expect(x509.verify(x509.publicKey)).toBe(true);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(x509.verify(other)).toBe(false);
  });

  it('matches its private key, an ECDSA P-256 key', () => {
    const key = createPrivateKey(made.keyPem);
    expect(x509.checkPrivateKey(key)).toBe(true);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x509.checkPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toBe(false);
  });

  it('is valid from an hour before now for the days asked', () => {
    expect(new Date(x509.validFrom).toISOString()).toBe('2026-03-01T11:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });

  it('is a server certificate, not a CA', () => {
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
  });

  it('has a fingerprint that is the SHA-256 of its DER', () => {
    const hex = createHash('sha256').update(x509.raw).digest('hex').toUpperCase();
    expect(x509.fingerprint256).toBe(hex.match(/../g)!.join(':'));
  });

  it('writes dates from 2050 on as GeneralizedTime', () => {
    const late = new X509Certificate(createCertificate({ dnsNames: ['localhost'], now: new Date('2049-12-01T00:00:00Z'), days: 60 }).certPem);
    expect(new Date(late.validFrom).toISOString()).toBe('2049-11-30T23:00:00.000Z');
    expect(new Date(late.validTo).toISOString()).toBe('2050-01-30T00:00:00.000Z');
    // GeneralizedTime (tag 0x18) "20500130000000Z"
    expect(late.raw.includes(Buffer.concat([Buffer.from([0x18, 15]), Buffer.from('20500130000000Z')]))).toBe(true);
  });

  it('makes a new key and serial number every time', () => {
    const again = new X509Certificate(createCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] }).certPem);
    expect(again.serialNumber).not.toBe(x509.serialNumber);
    expect(again.publicKey.export({ format: 'jwk' }).x).not.toBe(x509.publicKey.export({ format: 'jwk' }).x);
  });
});

describe('ensureCertificate', () => {
  const names = { dnsNames: ['localhost', 'teacher'], ips: ['127.0.0.1', '10.0.0.5'] };

  it('makes the certificate once and reuses it', () => {
    const dir = tempDir();
    const first = ensureCertificate(dir, names);
    expect(first.created).toBe(true);
    const second = ensureCertificate(dir, names);
    expect(second.created).toBe(false);
    expect(second.x509.fingerprint256).toBe(first.x509.fingerprint256);
    expect(readFileSync(join(dir, 'cert.pem'), 'utf8')).toBe(first.certPem);
  });

  it('makes a new one when the LAN addresses change', () => {
    const dir = tempDir();
    const first = ensureCertificate(dir, names);
    const moved = ensureCertificate(dir, { ...names, ips: ['127.0.0.1', '10.0.0.6'] });
    expect(moved.created).toBe(true);
    expect(moved.x509.fingerprint256).not.toBe(first.x509.fingerprint256);
    expect(moved.x509.subjectAltName).toContain('IP Address:10.0.0.6');
  });

  it('makes a new one when it expires (within a day)', () => {
    const dir = tempDir();
    const first = ensureCertificate(dir, { ...names, days: 10 });
    const later = new Date(Date.now() + 9.5 * 24 * 3600 * 1000);
    const renewed = ensureCertificate(dir, { ...names, now: later });
    expect(renewed.created).toBe(true);
    expect(new Date(renewed.x509.validTo).getTime()).toBeGreaterThan(new Date(first.x509.validTo).getTime());
  });

  it('makes a new one when the files are damaged', () => {
    const dir = tempDir();
    ensureCertificate(dir, names);
    writeFileSync(join(dir, 'key.pem'), 'not a key');
    expect(ensureCertificate(dir, names).created).toBe(true);
  });
});

describe('machineNames', () => {
  it('always has localhost and 127.0.0.1, and only IPv4 addresses', () => {
    const n = machineNames();
    expect(n.dnsNames[0]).toBe('localhost');
    expect(n.ips[0]).toBe('127.0.0.1');
    for (const ip of n.ips) expect(ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    expect(new Set(n.ips).size).toBe(n.ips.length);
  });
});
