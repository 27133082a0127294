/**
 * memberlist's packets in (net.go ingestPacket, handleCommand, handlePing, handleIndirectPing):
 * decrypt, check the CRC, split compounds, then answer pings, probe on another member's behalf,
 * hand acks and nacks to their handlers and apply alive / suspect / dead gossip.
 */
import { formatIpv4 } from '../../net/addr';
import { invokeAckHandler, invokeNackHandler, setAckHandler } from './ack-handlers';
import { ML_CALLER } from './log';
import type { MemberlistCore } from './memberlist-core';
import { type IndirectPingMsg, type PingMsg, MSG, crc32, decodeMessage, open, splitCompound } from './messages';
import { encodeAndSendMsg } from './packets-out';
import type { ProcTimer } from './timers';
import { aliveNode, deadNode, suspectNode } from './transitions';
import { type PacketIn, hostPort } from './transport';

export function ingestPacket(ml: MemberlistCore, p: PacketIn): void {
  const from = `from=${hostPort(p.fromIp, p.fromPort)}`;
  let buf = p.payload;
  if (ml.key) {
    const plain = open(ml.key, buf);
    if (!plain.ok) {
      ml.log('error', `memberlist: Decrypt packet failed: ${plain.error} ${from}`, ML_CALLER.decryptFailed);
      return;
    }
    buf = plain.value;
  }
  handleCommand(ml, buf, p, from);
}

function handleCommand(ml: MemberlistCore, buf: Uint8Array, p: PacketIn, from: string): void {
  if (buf.length < 1) {
    ml.log('error', `memberlist: missing message type byte ${from}`, ML_CALLER.unsupportedMsg);
    return;
  }
  const t = buf[0];
  if (t === MSG.compound) {
    const parts = splitCompound(buf.subarray(1));
    if (!parts) {
      ml.log('error', `memberlist: Failed to decode compound request: missing compound length byte ${from}`, ML_CALLER.decodeFailed);
      return;
    }
    if (parts.truncated > 0) ml.log('warn', `memberlist: Compound request had ${parts.truncated} truncated messages ${from}`, ML_CALLER.compoundTruncated);
    for (const part of parts.parts) handleCommand(ml, part, p, from);
    return;
  }
  if (t === MSG.hasCrc) {
    if (buf.length < 5) return;
    const want = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(1);
    const rest = buf.subarray(5);
    const got = crc32(rest);
    if (want !== got) {
      ml.log('warn', `memberlist: Got invalid checksum for UDP packet: ${want.toString(16)}, ${got.toString(16)}`, ML_CALLER.badChecksum);
      return;
    }
    handleCommand(ml, rest, p, from);
    return;
  }
  const d = decodeMessage(buf);
  if (!d.ok) {
    if (d.error.startsWith('msg type')) ml.log('error', `memberlist: ${d.error} ${from}`, ML_CALLER.unsupportedMsg);
    else ml.log('error', `memberlist: Failed to decode message type ${t}: ${d.error} ${from}`, ML_CALLER.decodeFailed);
    return;
  }
  const m = d.value;
  switch (m.type) {
    case 'ping':
      handlePing(ml, m, p, from);
      return;
    case 'indirect-ping':
      handleIndirectPing(ml, m, p);
      return;
    case 'ack':
      invokeAckHandler(ml, m.seqNo);
      return;
    case 'nack':
      invokeNackHandler(ml, m.seqNo);
      return;
    case 'suspect':
      suspectNode(ml, m);
      return;
    case 'alive':
      aliveNode(ml, m.port === 0 ? { ...m, port: ml.config.port } : m, null, false);
      return;
    case 'dead':
      deadNode(ml, m);
      return;
    default:
      ml.log('error', `memberlist: msg type (${t}) not supported ${from}`, ML_CALLER.unsupportedMsg);
  }
}

function handlePing(ml: MemberlistCore, ping: PingMsg, p: PacketIn, from: string): void {
  const c = ml.config;
  if (ping.node !== '' && ping.node !== c.name) {
    ml.log('warn', `memberlist: Got ping for unexpected node '${ping.node}' ${from}`, ML_CALLER.unexpectedPing);
    return;
  }
  const toIp = ping.sourceAddr !== 0 && ping.sourcePort > 0 ? ping.sourceAddr : p.fromIp;
  const toPort = ping.sourceAddr !== 0 && ping.sourcePort > 0 ? ping.sourcePort : p.fromPort;
  const err = encodeAndSendMsg(ml, toIp, toPort, { type: 'ack', seqNo: ping.seqNo }, `memberlist ack from ${c.name} to ${ping.sourceNode || formatIpv4(toIp)}`);
  if (err) ml.log('error', `memberlist: Failed to send ack: ${err} ${from}`, ML_CALLER.failedSendAck);
}

/** Probe a node on another member's behalf and relay the ack (or a nack). */
function handleIndirectPing(ml: MemberlistCore, ind: IndirectPingMsg, p: PacketIn): void {
  const c = ml.config;
  const localSeqNo = ml.nextSeqNo();
  const ping: PingMsg = { type: 'ping', seqNo: localSeqNo, node: ind.node, sourceAddr: ml.bindIp, sourcePort: c.port, sourceNode: c.name };
  const indIp = ind.sourceAddr !== 0 ? ind.sourceAddr : p.fromIp;
  const indPort = ind.sourceAddr !== 0 ? ind.sourcePort : p.fromPort;
  const requester = ind.sourceNode || formatIpv4(indIp);
  let nackTimer: ProcTimer | null = null;
  setAckHandler(ml, 
    localSeqNo,
    () => {
      nackTimer?.cancel();
      const err = encodeAndSendMsg(ml, indIp, indPort, { type: 'ack', seqNo: ind.seqNo }, `memberlist ack from ${c.name} to ${requester} (relayed for ${ind.node})`);
      if (err) ml.log('error', `memberlist: Failed to forward ack: ${err} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedForwardAck);
    },
    c.probeTimeout
  );
  const err = encodeAndSendMsg(ml, ind.target, ind.port, ping, `memberlist ping from ${c.name} to ${ind.node} (indirect probe for ${requester})`);
  if (err) ml.log('error', `memberlist: Failed to send indirect ping: ${err} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedSendIndirectPing);
  if (ind.nack) {
    nackTimer = ml.timers.after(c.probeTimeout, 'memberlist nack timer', () => {
      const e = encodeAndSendMsg(ml, indIp, indPort, { type: 'nack', seqNo: ind.seqNo }, `memberlist nack from ${c.name} to ${requester} (no ack from ${ind.node})`);
      if (e) ml.log('error', `memberlist: Failed to send nack: ${e} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedSendNack);
    });
  }
}
