/** Checks of what the learner types into the election explorer (no engine, no DOM). */

/** Why a typed IP is refused, or null when it is a dotted-quad IPv4 address. */
export type IpProblem = 'empty' | 'format' | 'octet' | 'leading-zero';

export function ipv4Problem(s: string): IpProblem | null {
  const v = s.trim();
  if (v === '') return 'empty';
  const parts = v.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p))) return 'format';
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return 'leading-zero';
  if (parts.some((p) => Number(p) > 255)) return 'octet';
  return null;
}

/** Why a hypothetical node name is refused, or null (RFC 1123 subdomain, as Kubernetes wants). */
export type NameProblem = 'empty' | 'format' | 'too-long' | 'exists';

export function nodeNameProblem(s: string, existing: readonly string[]): NameProblem | null {
  const v = s.trim();
  if (v === '') return 'empty';
  if (v.length > 253) return 'too-long';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)) return 'format';
  if (existing.includes(v)) return 'exists';
  return null;
}

/** Puts values into a message template: `fill('Step {n}', { n: 2 })`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
