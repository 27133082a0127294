/** MetalLB's speaker: layer-2 election and announcement (BGP is a stub for now). */
export { createSpeakerApp, createSpeakerAppWith } from './app';
export { SpeakerProcess, SpeakerController, SPEAKER_VERSION, PROCESS_NAME, parseSpeakerArgs, parseAnnouncedInterfacesToExclude } from './main';
export type { Protocol, Proto, SpeakerListLike, SpeakerListParams, SpeakerListFactory, SpeakerProcessOptions } from './main';
export {
  shouldAnnounce,
  layer2Election,
  layer2Candidates,
  electionRanking,
  electionDigest,
  speakersForPool,
  poolMatchesNodeL2,
  ipAdvertisementFor,
  usableSpeakerNames,
  Layer2Controller,
  type ElectionInput,
  type ElectionResult,
  type RankedNode,
  type UsableSpeakers,
  type NodeMap
} from './layer2-controller';
export { Announce, IPAdvertisement, GRATUITOUS_INTERVAL_MS, GRATUITOUS_WINDOW_MS, INTERFACE_SCAN_MS, DEFAULT_INTERFACES_TO_EXCLUDE, excludeRegexpFor } from './layer2/announcer';
export { ARPResponder, DropReason } from './layer2/arp';
export { Layer2StatusReconciler, SERVICEL2STATUSES, LABEL_ANNOUNCE_NODE, LABEL_SERVICE_NAME, LABEL_SERVICE_NAMESPACE, serviceL2StatusServed } from './layer2-status';
export { EndpointCanServe, activeEndpointExists, nodesWithServingEndpoint, addressStates } from './epslices';
export { IsNetworkUnavailable, IsNodeExcludedFromBalancers, LABEL_EXCLUDE_LB } from './nodes';
export { runningSpeakers, speakerAnnouncements, currentOwner, currentOwners, announcersOf, type SpeakerAnnouncements } from './registry';
