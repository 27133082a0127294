import type { ApiServer } from './store';
import type { KEvent, KObject } from './types';

export interface InvolvedObject {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  apiVersion?: string;
  fieldPath?: string;
}

export function involvedOf(o: KObject, fieldPath?: string): InvolvedObject {
  return { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, apiVersion: o.apiVersion, fieldPath };
}

/**
 * client-go's event recorder: one Event object per (object, reason, message, source); a repeat
 * bumps its count and lastTimestamp ("3m (x4 over 10m)" in describe).
 */
export class EventRecorder {
  private readonly api: ApiServer;
  private readonly now: () => number;
  private readonly emitTrace: (e: KEvent) => void;

  constructor(api: ApiServer, now: () => number, emitTrace: (e: KEvent) => void) {
    this.api = api;
    this.now = now;
    this.emitTrace = emitTrace;
  }

  record(obj: InvolvedObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, host?: string): void {
    const ns = obj.namespace ?? 'default';
    const existing = this.api
      .list<KEvent>('events', ns)
      .find(
        (e) =>
          e.involvedObject.uid === obj.uid &&
          e.involvedObject.name === obj.name &&
          e.involvedObject.kind === obj.kind &&
          e.reason === reason &&
          e.message === message &&
          e.source.component === component &&
          e.type === type
      );
    const ts = this.api.now();
    if (existing) {
      const updated = this.api.modify<KEvent>('events', ns, existing.metadata.name, (e) => {
        e.count += 1;
        e.lastTimestamp = ts;
      });
      if (updated) this.emitTrace(updated);
      return;
    }
    // Event names are "<object name>.<16 hex digits of the time in ns>", as client-go makes them.
    const nanos = BigInt(Math.round(this.now() * 1000)) * 1_000n + BigInt(this.api.currentResourceVersion() % 1000);
    const name = `${obj.name}.${(nanos + 0x17f0000000000000n).toString(16)}`;
    const ev: KEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '' },
      involvedObject: { ...obj, namespace: obj.namespace },
      reason,
      message,
      type,
      source: host ? { component, host } : { component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      reportingComponent: component,
      reportingInstance: host ?? ''
    };
    const res = this.api.create<KEvent>(ev);
    if (res.ok) this.emitTrace(res.value);
  }
}
