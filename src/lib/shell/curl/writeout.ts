/** `-w/--write-out` (src/tool_writeout.c): %{variable}, %header{name}, %%, and \n \r \t \\ escapes. */
import { formatIpv4 } from '../../engine/net/addr';
import { type CurlOutcome } from '../../engine/apps/http-client';
import { headerValue } from '../../engine/apps/http';
import type { CurlUrl } from './url';

export interface WriteOutContext {
  outcome: CurlOutcome | null;
  url: CurlUrl | null;
  urlText: string;
  exitCode: number;
  errorMessage: string;
  method: string;
  outputFile: string | null;
}

/** Seconds with six decimals, from whole microseconds, as curl prints its timers. */
function secs(ms: number): string {
  return (Math.max(0, Math.floor(ms * 1000)) / 1e6).toFixed(6);
}

function variable(name: string, c: WriteOutContext): string | null {
  const o = c.outcome;
  const start = o?.startedAt ?? 0;
  const connected = o?.connectedAt ?? null;
  const total = o ? o.endedAt - start : 0;
  const status = o?.response?.status ?? 0;
  const bodyLen = o?.body.length ?? 0;
  switch (name) {
    case 'http_code':
    case 'response_code':
      return String(status).padStart(3, '0');
    case 'time_total':
      return secs(total);
    case 'time_namelookup':
      return o ? secs(Math.min(total, 0.02)) : secs(0);
    case 'time_connect':
      return secs(connected === null ? 0 : connected - start);
    case 'time_appconnect':
    case 'time_redirect':
    case 'time_queue':
      return secs(0);
    case 'time_pretransfer':
      return secs(connected === null ? 0 : connected - start + 0.01);
    case 'time_starttransfer':
      return secs(o?.firstByteAt == null ? 0 : o.firstByteAt - start);
    case 'remote_ip':
      return c.url ? formatIpv4(c.url.ip) : '';
    case 'remote_port':
      return c.url ? String(c.url.port) : '0';
    case 'local_ip':
      return o && o.connectedAt !== null ? formatIpv4(o.localIp) : '';
    case 'local_port':
      return o && o.connectedAt !== null ? String(o.localPort) : '0';
    case 'size_download':
      return String(bodyLen);
    case 'size_upload':
      return '0';
    case 'size_header':
      return String(o?.rawHead.length ?? 0);
    case 'size_request':
      return String(o?.requestSize ?? 0);
    case 'speed_download':
      return String(total > 0 ? Math.floor((bodyLen * 1000) / total) : 0);
    case 'speed_upload':
      return '0';
    case 'num_connects':
      return String(connected === null ? 0 : 1);
    case 'num_headers':
      return String(o?.response?.headers.length ?? 0);
    case 'num_redirects':
      return '0';
    case 'content_type':
      return (o?.response && headerValue(o.response.headers, 'Content-Type')) ?? '';
    case 'url':
      return c.urlText;
    case 'url_effective':
      return c.url?.effective ?? c.urlText;
    case 'exitcode':
      return String(c.exitCode);
    case 'errormsg':
      return c.errorMessage;
    case 'method':
      return c.method;
    case 'scheme':
      return c.url ? c.url.scheme : '';
    case 'http_version':
      return o?.response ? o.response.version.replace(/^HTTP\//, '') : '0';
    case 'filename_effective':
      return c.outputFile ?? '';
    default:
      return null;
  }
}

/** The -w text for one transfer; unknown variables are reported on stderr as curl does. */
export function writeOut(format: string, c: WriteOutContext): { stdout: string; stderr: string } {
  let out = '';
  let err = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && format[i + 1] === '%') {
      out += '%';
      i++;
    } else if (ch === '%' && format[i + 1] === '{') {
      const end = format.indexOf('}', i + 2);
      if (end < 0) {
        out += ch;
        continue;
      }
      const name = format.slice(i + 2, end);
      const v = variable(name, c);
      if (v === null) err += `curl: unknown --write-out variable: '${name}'\n`;
      else out += v;
      i = end;
    } else if (format.startsWith('%header{', i)) {
      const end = format.indexOf('}', i + 8);
      if (end < 0) {
        out += ch;
        continue;
      }
      const h = c.outcome?.response ? headerValue(c.outcome.response.headers, format.slice(i + 8, end)) : undefined;
      out += h ?? '';
      i = end;
    } else if (ch === '\\' && i + 1 < format.length) {
      const n = format[i + 1];
      const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };
      out += esc[n] ?? `\\${n}`;
      i++;
    } else out += ch;
  }
  return { stdout: out, stderr: err };
}
