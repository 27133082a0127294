import type { X509Certificate } from 'node:crypto';

export interface CertNames {
  dnsNames: string[];
  ips: string[];
}
export interface CertOptions extends Partial<CertNames> {
  days?: number;
  now?: Date;
  commonName?: string;
}
export interface MadeCertificate {
  certPem: string;
  keyPem: string;
  x509: X509Certificate;
}
export function tlv(tag: number, ...content: Buffer[]): Buffer;
export function oid(dotted: string): Buffer;
export function createCertificate(opts?: CertOptions): MadeCertificate;
export function sanEntries(names: Partial<CertNames>): string[];
export function machineNames(): CertNames;
export function ensureCertificate(dir: string, opts: CertNames & { days?: number; now?: Date }): MadeCertificate & { created: boolean };
