/**
 * The event trace: everything a learner may want to see (frames, k8s events, logs, elections,
 * timers, commands) is appended here. The UI, the CLI and the tests read it.
 */
export interface TraceEventBase {
  /** Virtual time in ms. */
  t: number;
  /** Position in the trace; strictly increasing. */
  seq: number;
}

export type TraceEvent = TraceEventBase & TraceData;

export type TraceData =
  | { type: 'command'; line: string }
  | { type: 'frame'; segment: string; bytes: Uint8Array; summary: string; why?: string }
  | { type: 'k8s-event'; namespace: string; object: string; reason: string; message: string; eventType: 'Normal' | 'Warning'; source: string }
  | { type: 'object'; verb: 'ADDED' | 'MODIFIED' | 'DELETED'; kind: string; namespace?: string; name: string; resourceVersion: string }
  | { type: 'container'; name: string; state: string; detail?: string }
  | { type: 'node'; name: string; condition: string; detail?: string }
  | { type: 'log'; namespace: string; pod: string; container: string; line: string }
  | { type: 'note'; topic: string; text: string };

export type TraceListener = (e: TraceEvent) => void;

export class Trace {
  private events: TraceEvent[] = [];
  private listeners = new Set<TraceListener>();
  private seq = 0;
  /** Cap on kept events, so a long-running page does not grow without bound. */
  private readonly max: number;

  constructor(max = 200_000) {
    this.max = max;
  }

  emit(t: number, data: TraceData): TraceEvent {
    const e = { t, seq: this.seq++, ...data } as TraceEvent;
    this.events.push(e);
    if (this.events.length > this.max) this.events.splice(0, this.events.length - this.max);
    for (const l of this.listeners) l(e);
    return e;
  }

  all(): readonly TraceEvent[] {
    return this.events;
  }

  ofType<K extends TraceData['type']>(type: K): Extract<TraceEvent, { type: K }>[] {
    return this.events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
  }

  subscribe(l: TraceListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
