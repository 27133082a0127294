/** Container log lines, kept per pod container as the container runtime would on the node. */
export interface LogLine {
  /** Virtual ms. */
  t: number;
  line: string;
}

export class PodLogs {
  private lines = new Map<string, LogLine[]>();
  private previous = new Map<string, LogLine[]>();
  private listeners = new Set<(key: string, l: LogLine) => void>();

  private key(ns: string, pod: string, container: string): string {
    return `${ns}/${pod}/${container}`;
  }

  append(ns: string, pod: string, container: string, t: number, line: string): void {
    const k = this.key(ns, pod, container);
    let arr = this.lines.get(k);
    if (!arr) this.lines.set(k, (arr = []));
    const l = { t, line };
    arr.push(l);
    if (arr.length > 20_000) arr.splice(0, arr.length - 20_000);
    for (const fn of this.listeners) fn(k, l);
  }

  read(ns: string, pod: string, container: string, previous = false): LogLine[] | undefined {
    const k = this.key(ns, pod, container);
    return previous ? this.previous.get(k) : this.lines.get(k);
  }

  /** A container restarted: what it wrote becomes `--previous`. */
  rotate(ns: string, pod: string, container: string): void {
    const k = this.key(ns, pod, container);
    const cur = this.lines.get(k);
    if (cur) this.previous.set(k, cur);
    this.lines.set(k, []);
  }

  drop(ns: string, pod: string): void {
    const prefix = `${ns}/${pod}/`;
    for (const k of [...this.lines.keys()]) if (k.startsWith(prefix)) this.lines.delete(k);
    for (const k of [...this.previous.keys()]) if (k.startsWith(prefix)) this.previous.delete(k);
  }

  subscribe(fn: (key: string, l: LogLine) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
