import { parseScript as parse } from './parse';

/**
 * Split a script into the commands a learner would type one at a time: a heredoc block, a
 * multi-line loop or a line continued with a backslash stays together. Blank lines and comment
 * lines are dropped.
 */
export function splitCommands(script: string): string[] {
  const lines = script.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let buf: string[] = [];
  for (const l of lines) {
    if (!buf.length && (l.trim() === '' || l.trim().startsWith('#'))) continue;
    buf.push(l);
    const text = buf.join('\n');
    if (isComplete(text)) {
      out.push(text);
      buf = [];
    }
  }
  if (buf.length) out.push(buf.join('\n'));
  return out;
}

/** Does this text form whole commands (no open quote, loop, heredoc or trailing backslash)? */
export function isComplete(text: string): boolean {
  if (/\\$/.test(text)) return false;
  if (openHeredoc(text)) return false;
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Is a heredoc started in this text still waiting for its terminator line? */
function openHeredoc(text: string): boolean {
  const lines = text.split('\n');
  const pending: string[] = [];
  for (const l of lines) {
    if (pending.length) {
      const want = pending[0];
      if (l === want.replace(/^-/, '') || (want.startsWith('-') && l.trim() === want.slice(1))) pending.shift();
      continue;
    }
    // <<EOF, <<'EOF', <<"EOF", <<-EOF (but not <<< here-strings)
    const re = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(l))) {
      if (l[m.index + 2] === '<') continue;
      pending.push((m[1] ? '-' : '') + m[3]);
    }
  }
  return pending.length > 0;
}
