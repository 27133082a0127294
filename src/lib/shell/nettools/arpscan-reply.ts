/** One reply as arp-scan prints it: the default columns, or the --format template's fields. */
import { type Mac, formatIpv4, isLocallyAdministered } from '../../engine/net/addr';
import type { Settings } from './arpscan-options';
import type { ScanReply } from './arpscan-scan';
import { type NetView, reverseHost } from './common';

/** The vendor column: no registry entry matches the lab's MACs (Docker's are locally administered). */
function vendorOf(mac: Mac): string {
  return isLocallyAdministered(mac) ? '(Unknown: locally administered)' : '(Unknown)';
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The line for a reply, without its newline; null when --ignoredups hides it. */
export function replyLine(view: NetView, s: Settings, r: ScanReply, warn: (m: string) => void): string | null {
  if (r.numRecv > 1 && s.ignoreDups) return null;
  const ipText = formatIpv4(r.ip);
  const name = s.resolve ? (reverseHost(view, r.ip) ?? ipText) : null;
  const hdr = r.ethSrc !== r.sha ? r.ethSrc : null;
  const vendor = s.quiet ? null : vendorOf(r.sha);
  const padding = !s.quiet && r.extra.some((b) => b !== 0) ? hex(r.extra) : null;
  const dup = !s.quiet && r.numRecv > 1 ? String(r.numRecv) : null;
  const rtt = !s.quiet && s.rtt ? `${Math.floor(r.rttUs / 1000)}.${String(r.rttUs % 1000).padStart(3, '0')}` : null;
  if (!s.format) {
    let line = `${name ?? ipText}\t${r.sha}`;
    if (hdr) line += ` (${hdr})`;
    if (vendor) line += `\t${vendor}`;
    if (padding && s.verbose) line += `\tPadding=${padding}`;
    if (dup) line += ` (DUP: ${dup})`;
    if (rtt) line += `\tRTT=${rtt} ms`;
    return line;
  }
  const fields: Record<string, string | null> = { ip: ipText, name, mac: r.sha, hdrmac: hdr, vendor, padding, framing: null, vlan: null, proto: null, dup, rtt };
  let line = '';
  for (const part of s.format) {
    if ('text' in part) line += part.text;
    else {
      const v = fields[part.field];
      if (v === undefined || v === null) warn(`WARNING: Field \${${part.field}} unknown or not available`);
      else line += part.width < 0 ? v.padEnd(-part.width) : v.padStart(part.width);
    }
  }
  return line;
}
