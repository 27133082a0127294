/**
 * memberlist's state transitions (state.go setAlive, aliveNode, suspectNode, deadNode,
 * refute): a node joins or comes back alive, is suspected (with Lifeguard's suspicion timer,
 * shortened by independent confirmations), is declared dead or leaves; an accusation against
 * ourselves is refuted with a higher incarnation. Each change is gossiped and fires NodeJoin,
 * NodeLeave or NodeUpdate.
 */
import { formatIpv4 } from '../../net/addr';
import { MEMBERLIST_VSN } from './config';
import { ML_CALLER } from './log';
import type { MemberlistCore } from './memberlist-core';
import type { AliveMsg, DeadMsg, SuspectMsg } from './messages';
import { encodeAndBroadcast, encodeBroadcastNotify } from './packets-out';
import { type NodeState, type NodeStateType, deadOrLeft, randomOffset } from './state';
import { Suspicion, suspicionK, suspicionTimeout } from './suspicion';
import { hostPort } from './transport';

export function setAlive(ml: MemberlistCore): void {
  const c = ml.config;
  const a: AliveMsg = { type: 'alive', incarnation: ml.nextIncarnation(), node: c.name, addr: ml.bindIp, port: c.port, meta: c.meta ?? new Uint8Array(0), vsn: [...MEMBERLIST_VSN] };
  aliveNode(ml, a, null, true);
}

export function aliveNode(ml: MemberlistCore, a: AliveMsg, notify: (() => void) | null, bootstrap: boolean): void {
  const c = ml.config;
  if (ml.hasLeftFlag && a.node === c.name) return;
  let state = ml.nodeMap.get(a.node);
  let updatesNode = false;
  if (!state) {
    state = { name: a.node, addr: a.addr, port: a.port, meta: a.meta, vsn: a.vsn.length > 5 ? [...a.vsn] : [...MEMBERLIST_VSN], incarnation: 0, state: 'dead', stateChange: ml.timers.now() };
    ml.nodeMap.set(a.node, state);
    // insert at a random position so that probe order is not join order
    const n = ml.nodes.length;
    const offset = randomOffset(ml.rng, n);
    ml.nodes.push(state);
    [ml.nodes[offset], ml.nodes[n]] = [ml.nodes[n], ml.nodes[offset]];
    ml.numNodes++;
  } else if (state.addr !== a.addr || state.port !== a.port) {
    if (state.state === 'left') {
      ml.log('info', `memberlist: Updating address for left or failed node ${state.name} from ${hostPort(state.addr, state.port)} to ${hostPort(a.addr, a.port)}`, ML_CALLER.updatingAddress);
      updatesNode = true;
    } else {
      ml.log('error', `memberlist: Conflicting address for ${state.name}. Mine: ${hostPort(state.addr, state.port)} Theirs: ${hostPort(a.addr, a.port)} Old state: ${goStateNumber(state.state)}`, ML_CALLER.conflictingAddress);
      return;
    }
  }
  const isLocalNode = state.name === c.name;
  if (a.incarnation <= state.incarnation && !isLocalNode && !updatesNode) return;
  if (a.incarnation < state.incarnation && isLocalNode) return;

  clearSuspicion(ml, a.node);
  const oldState = state.state;
  const oldMeta = state.meta;

  if (!bootstrap && isLocalNode) {
    const versions = state.vsn;
    if (a.incarnation === state.incarnation && bytesEqual(a.meta, state.meta) && bytesEqual(Uint8Array.from(a.vsn), Uint8Array.from(versions))) return;
    refute(ml, state, a.incarnation);
    ml.log(
      'warn',
      `memberlist: Refuting an alive message for '${a.node}' (${formatIpv4(a.addr)}:${a.port}) meta:(${goBytes(a.meta)} VS ${goBytes(state.meta)}), vsn:(${goBytes(Uint8Array.from(a.vsn))} VS ${goBytes(Uint8Array.from(versions))})`,
      ML_CALLER.refuteAlive
    );
  } else {
    encodeBroadcastNotify(ml, a.node, a, `alive ${a.node} (incarnation ${a.incarnation})`, notify);
    if (a.vsn.length > 5) state.vsn = [...a.vsn];
    state.incarnation = a.incarnation;
    state.meta = a.meta;
    state.addr = a.addr;
    state.port = a.port;
    if (state.state !== 'alive') {
      state.state = 'alive';
      state.stateChange = ml.timers.now();
    }
  }
  if (oldState === 'dead' || oldState === 'left') {
    if (!isLocalNode || bootstrap) ml.note(`${a.node} is alive (incarnation ${state.incarnation})`);
    ml.emitEvent('NodeJoin', state);
  } else if (!bytesEqual(oldMeta, state.meta)) {
    ml.emitEvent('NodeUpdate', state);
  } else if (oldState === 'suspect') {
    ml.note(`${a.node} refuted the suspicion (incarnation ${state.incarnation})`);
  }
}

export function suspectNode(ml: MemberlistCore, s: SuspectMsg): void {
  const c = ml.config;
  const state = ml.nodeMap.get(s.node);
  if (!state) return;
  if (s.incarnation < state.incarnation) return;
  const timer = ml.nodeTimers.get(s.node);
  if (timer) {
    // an independent confirmation shortens the suspicion, and is passed on
    if (timer.confirm(s.from)) {
      ml.note(`${s.from} confirms ${s.node} is suspect (${timer.n} of ${timer.k}); dead at ${fmtT(timer.deadline())}`);
      encodeAndBroadcast(ml, s.node, s, `suspect ${s.node} (from ${s.from})`);
    }
    return;
  }
  if (state.state !== 'alive') return;
  if (state.name === c.name) {
    refute(ml, state, s.incarnation);
    ml.log('warn', `memberlist: Refuting a suspect message (from: ${s.from})`, ML_CALLER.refuteSuspect);
    return;
  }
  encodeAndBroadcast(ml, s.node, s, `suspect ${s.node} (from ${s.from})`);
  state.incarnation = s.incarnation;
  state.state = 'suspect';
  const changeTime = ml.timers.now();
  state.stateChange = changeTime;

  const n = ml.estNumNodes();
  const k = suspicionK(c.suspicionMult, n);
  const min = suspicionTimeout(c.suspicionMult, n, c.probeInterval);
  const max = c.suspicionMaxTimeoutMult * min;
  const suspicion = new Suspicion(ml.timers, s.from, k, min, max, `memberlist suspicion of ${s.node}`, (numConfirmations) => {
    const st = ml.nodeMap.get(s.node);
    const timeout = !!st && st.state === 'suspect' && st.stateChange === changeTime;
    if (!timeout || !st) return;
    if (ml.nodeTimers.get(s.node) === suspicion) ml.nodeTimers.delete(s.node);
    ml.log('info', `memberlist: Marking ${st.name} as failed, suspect timeout reached (${numConfirmations} peer confirmations)`, ML_CALLER.markFailed);
    deadNode(ml, { type: 'dead', incarnation: st.incarnation, node: st.name, from: c.name });
  });
  ml.nodeTimers.set(s.node, suspicion);
  ml.note(`${s.node} is suspect (incarnation ${s.incarnation}, from ${s.from}); n=${n} k=${k}: dead at ${fmtT(suspicion.deadline())} unless refuted`);
}

export function deadNode(ml: MemberlistCore, d: DeadMsg): void {
  const c = ml.config;
  const state = ml.nodeMap.get(d.node);
  if (!state) return;
  if (d.incarnation < state.incarnation) return;
  clearSuspicion(ml, d.node);
  if (deadOrLeft(state)) return;
  if (state.name === c.name) {
    if (!ml.hasLeftFlag) {
      refute(ml, state, d.incarnation);
      ml.log('warn', `memberlist: Refuting a dead message (from: ${d.from})`, ML_CALLER.refuteDead);
      return;
    }
    // we are leaving: this broadcast is the one Leave waits for
    encodeBroadcastNotify(ml, d.node, d, `left ${d.node}`, () => {
      const w = ml.leaveWaiter;
      ml.leaveWaiter = null;
      w?.();
    });
  } else {
    encodeAndBroadcast(ml, d.node, d, d.node === d.from ? `left ${d.node}` : `dead ${d.node} (from ${d.from})`);
  }
  state.incarnation = d.incarnation;
  state.state = d.node === d.from ? 'left' : 'dead';
  state.stateChange = ml.timers.now();
  ml.note(`${d.node} is ${state.state} (incarnation ${d.incarnation}, from ${d.from})`);
  ml.emitEvent('NodeLeave', state);
}

/** Gossip an alive message with an incarnation that beats the accusation. */
function refute(ml: MemberlistCore, me: NodeState, accusedInc: number): void {
  let inc = ml.nextIncarnation();
  if (accusedInc >= inc) {
    ml.incarnation += accusedInc - inc + 1;
    inc = ml.incarnation;
  }
  me.incarnation = inc;
  ml.awareness.applyDelta(1);
  const a: AliveMsg = { type: 'alive', incarnation: inc, node: me.name, addr: me.addr, port: me.port, meta: me.meta, vsn: [...me.vsn] };
  // memberlist keys its own refutations by address, not by name
  encodeAndBroadcast(ml, formatIpv4(me.addr), a, `alive ${me.name} (incarnation ${inc}, refutation)`);
  ml.note(`refutes with incarnation ${inc}`);
}

function clearSuspicion(ml: MemberlistCore, name: string): void {
  const t = ml.nodeTimers.get(name);
  if (!t) return;
  t.stop();
  ml.nodeTimers.delete(name);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Go's %v of a []byte: [1 5 2 0 0 0]. */
function goBytes(b: Uint8Array): string {
  return `[${[...b].join(' ')}]`;
}

/** memberlist prints NodeStateType as its number. */
function goStateNumber(s: NodeStateType): number {
  return { alive: 0, suspect: 1, dead: 2, left: 3 }[s];
}

function fmtT(t: number | null): string {
  return t === null ? '-' : `t=${(t / 1000).toFixed(3)}s`;
}
