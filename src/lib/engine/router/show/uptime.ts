/** FRR's uptime texts (bgpd peer_uptime, zebra's route age): hh:mm:ss, then XdYYhZZm, then XXwYdZZh. */
export function frrUptime(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  const s = t % 60;
  const m = Math.floor(t / 60) % 60;
  const h = Math.floor(t / 3600) % 24;
  const d = Math.floor(t / 86400);
  if (d < 1) return `${p(h)}:${p(m)}:${p(s)}`;
  if (d < 7) return `${d}d${p(h)}h${p(m)}m`;
  return `${p(Math.floor(d / 7))}w${d % 7}d${p(h)}h`;
}
