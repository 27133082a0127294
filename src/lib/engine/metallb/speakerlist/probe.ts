/**
 * memberlist's failure detection (state.go probe, probeNode, resetNodes, and net.go
 * sendPingAndWaitForAck): every probe interval, probe one member in turn: a direct UDP ping,
 * then indirect pings through up to 3 others plus a TCP ping, then suspect it. Local health
 * (awareness) stretches the interval when our own probes go unanswered.
 */
import { setProbeChannels } from './ack-handlers';
import { goDuration } from './config';
import { ML_CALLER } from './log';
import type { MemberlistCore, ProbeTarget } from './memberlist-core';
import { type IndirectPingMsg, type PingMsg, type SuspectMsg, decodeMessage, encodeMessage, makeCompound } from './messages';
import { encodeAndSendMsg, rawSendMsgPacket, streamBytes } from './packets-out';
import { deadOrLeft, kRandomNodes, moveDeadNodes, shuffleNodes } from './state';
import type { ProcTimer } from './timers';
import { suspectNode } from './transitions';
import { hostPort } from './transport';

/** The probe ticker: a tick that comes while a probe is still running waits for it (once). */
export function probeTick(ml: MemberlistCore): void {
  if (ml.probing) {
    ml.probeTickPending = true;
    return;
  }
  probe(ml);
}

function probe(ml: MemberlistCore): void {
  let numCheck = 0;
  for (;;) {
    if (numCheck >= ml.nodes.length) return;
    if (ml.probeIndex >= ml.nodes.length) {
      resetNodes(ml);
      ml.probeIndex = 0;
      numCheck++;
      continue;
    }
    const node = ml.nodes[ml.probeIndex];
    ml.probeIndex++;
    if (node.name === ml.config.name || deadOrLeft(node)) {
      numCheck++;
      continue;
    }
    probeNode(ml, { name: node.name, addr: node.addr, port: node.port, incarnation: node.incarnation, state: node.state });
    return;
  }
}

/** Reap the dead whose gossip-to-the-dead time is over and reshuffle (resetNodes). */
function resetNodes(ml: MemberlistCore): void {
  const now = ml.timers.now();
  const deadIdx = moveDeadNodes(ml.nodes, ml.config.gossipToTheDeadTime, now);
  for (let i = deadIdx; i < ml.nodes.length; i++) {
    ml.nodeMap.delete(ml.nodes[i].name);
    ml.note(`forgot ${ml.nodes[i].name} (${ml.nodes[i].state} for more than ${goDuration(ml.config.gossipToTheDeadTime)})`);
  }
  ml.nodes = ml.nodes.slice(0, deadIdx);
  ml.numNodes = deadIdx;
  shuffleNodes(ml.rng, ml.nodes);
}

/** One round of failure checking on a node (state.go probeNode), as a chain of events. */
function probeNode(ml: MemberlistCore, node: ProbeTarget): void {
  const c = ml.config;
  ml.probing = true;
  const probeInterval = ml.awareness.scaleTimeout(c.probeInterval);
  const ping: PingMsg = { type: 'ping', seqNo: ml.nextSeqNo(), node: node.name, sourceAddr: ml.bindIp, sourcePort: c.port, sourceNode: c.name };
  const sent = ml.timers.now();
  const deadline = sent + probeInterval;
  let awarenessDelta = 0;
  let finished = false;
  let phase: 'direct' | 'indirect' = 'direct';
  let nacks = 0;
  let expectedNacks = 0;
  let ackTimedOut = false;
  let fallback: 'none' | 'pending' | 'contact' | 'no-contact' = 'none';
  let probeTimeoutTimer: ProcTimer | null = null;

  const finish = () => {
    if (finished) return;
    finished = true;
    probeTimeoutTimer?.cancel();
    ml.awareness.applyDelta(awarenessDelta);
    ml.probing = false;
    if (ml.probeTickPending && !ml.hasShutdownFlag) {
      ml.probeTickPending = false;
      probe(ml);
    }
  };

  const concluded = () => {
    // every UDP chance is gone and the TCP ping has finished
    if (finished || !ackTimedOut || fallback === 'pending') return;
    if (fallback === 'contact') {
      ml.log('warn', `memberlist: Was able to connect to ${node.name} over TCP but UDP probes failed, network may be misconfigured`, ML_CALLER.tcpButNotUdp);
      finish();
      return;
    }
    awarenessDelta = 0;
    if (expectedNacks > 0) {
      if (nacks < expectedNacks) awarenessDelta += expectedNacks - nacks;
    } else awarenessDelta += 1;
    ml.log('info', `memberlist: Suspect ${node.name} has failed, no acks received`, ML_CALLER.suspectFailed);
    const s: SuspectMsg = { type: 'suspect', incarnation: node.incarnation, node: node.name, from: c.name };
    suspectNode(ml, s);
    finish();
  };

  const handleRemoteFailure = () => {
    if (finished) return;
    phase = 'indirect';
    const kNodes = kRandomNodes(ml.rng, c.indirectChecks, ml.nodes, (n) => n.name === c.name || n.name === node.name || n.state !== 'alive');
    const ind: IndirectPingMsg = { type: 'indirect-ping', seqNo: ping.seqNo, target: node.addr, port: node.port, node: node.name, nack: true, sourceAddr: ml.bindIp, sourcePort: c.port, sourceNode: c.name };
    for (const peer of kNodes) {
      // every member speaks protocol 5 here, so every relay is asked for a nack
      expectedNacks++;
      const err = encodeAndSendMsg(ml, peer.addr, peer.port, ind, `memberlist indirect-ping from ${c.name} via ${peer.name} to ${node.name} (probe)`);
      if (err) ml.log('error', `memberlist: Failed to send indirect UDP ping: ${err}`, ML_CALLER.failedSendIndirect);
    }
    if (c.tcpPings) {
      fallback = 'pending';
      sendPingAndWaitForAck(ml, node, ping, deadline, (didContact, err) => {
        if (err) {
          const to = err.timeout ? `timeout ${goDuration(probeInterval)}: ` : '';
          ml.log('error', `memberlist: Failed fallback TCP ping: ${to}${err.text}`, ML_CALLER.failedFallback);
        }
        fallback = didContact ? 'contact' : 'no-contact';
        concluded();
      });
    }
  };

  setProbeChannels(ml, 
    ping.seqNo,
    () => {
      // an ack (direct, or relayed by an indirect prober) ends the probe successfully
      if (finished) return;
      finish();
    },
    () => {
      nacks++;
    },
    probeInterval,
    () => {
      ackTimedOut = true;
      if (phase === 'direct') {
        // the edge case where the whole interval passed before the probe timeout
        handleRemoteFailure();
      }
      concluded();
    }
  );

  let sendErr: string | null;
  if (node.state === 'alive') {
    sendErr = encodeAndSendMsg(ml, node.addr, node.port, ping, `memberlist ping from ${c.name} to ${node.name} (probe)`);
    if (sendErr) ml.log('error', `memberlist: Failed to send UDP ping: ${sendErr}`, ML_CALLER.failedSendPing);
  } else {
    const s: SuspectMsg = { type: 'suspect', incarnation: node.incarnation, node: node.name, from: c.name };
    const compound = makeCompound([encodeMessage(ping), encodeMessage(s)]);
    sendErr = rawSendMsgPacket(ml, node.addr, node.port, true, compound, `memberlist ping+suspect from ${c.name} to ${node.name} (probe; ${node.name} is ${node.state})`);
    if (sendErr) ml.log('error', `memberlist: Failed to send UDP compound ping and suspect message to ${hostPort(node.addr, node.port)}: ${sendErr}`, ML_CALLER.failedSendCompound);
  }
  if (sendErr) {
    // a failed UDP write counts as a failure of the remote: go straight to the indirect checks
    handleRemoteFailure();
    return;
  }
  awarenessDelta = -1;
  probeTimeoutTimer = ml.timers.after(c.probeTimeout, 'memberlist probe timeout', () => {
    if (finished || phase !== 'direct') return;
    ml.log('debug', `memberlist: Failed UDP ping: ${node.name} (timeout reached)`, ML_CALLER.failedUdpPing);
    handleRemoteFailure();
  });
}

/** The TCP fallback ping (net.go sendPingAndWaitForAck); dial failures are silent. */
function sendPingAndWaitForAck(ml: MemberlistCore, node: ProbeTarget, ping: PingMsg, deadline: number, cb: (didContact: boolean, err: { text: string; timeout: boolean } | null) => void): void {
  const streams = ml.streams;
  if (!streams) {
    cb(false, null);
    return;
  }
  const now = ml.timers.now();
  streams.dial(node.addr, node.port, deadline - now, `memberlist TCP ping from ${ml.config.name} to ${node.name} (fallback)`, (r) => {
    if (!r.ok) {
      cb(false, null);
      return;
    }
    const conn = r.stream;
    conn.write(streamBytes(ml, encodeMessage(ping)));
    conn.readFrame(deadline, (m) => {
      conn.close();
      if (!m.ok) {
        cb(false, { text: m.error, timeout: m.error.endsWith('i/o timeout') });
        return;
      }
      const d = decodeMessage(m.value);
      if (!d.ok || d.value.type !== 'ack') {
        cb(false, { text: `Unexpected msgType (${m.value[0]}) from ping from=${conn.remoteDesc()}`, timeout: false });
        return;
      }
      if (d.value.seqNo !== ping.seqNo) {
        cb(false, { text: `Sequence number from ack (${d.value.seqNo}) doesn't match ping (${ping.seqNo})`, timeout: false });
        return;
      }
      cb(true, null);
    });
  });
}
