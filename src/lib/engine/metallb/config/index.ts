/** MetalLB config: CR types, parsing (config.For), validation and webhooks. */
export {
  METALLB_NAMESPACE,
  METALLB_GROUP,
  emptyPools,
  type IPAddressPool,
  type L2Advertisement,
  type BGPAdvertisement,
  type BGPPeer,
  type Community,
  type BFDProfile,
  type ServiceAllocationSpec,
  type ClusterResources,
  type LabelledObject,
  type SecretLike,
  type Config,
  type Pools,
  type Pool,
  type Peer,
  type BFDProfileCfg,
  type L2AdvertisementCfg,
  type BGPAdvertisementCfg,
  type ServiceAllocation
} from './types';
export { parseIP, ipString, ipStringOrNil, ipEqual, ipConfusesBuggyFirmwares, type IPAddr } from './ip';
export { parseCIDR, parseStdCIDR, summarize, cidrsOverlap, cidrContains, cidrString, cidrFirst, cidrLast, cidrSize, lowestMask, type IPNet } from './cidr';
export { newCommunity, communityString, legacyCommunityValue, type BGPCommunity } from './community';
export { familyForAddresses, familyForIPs, familyForAddress, familyForService, type Family } from './ipfamily';
export { selectorMatches, anySelectorMatches, labelSetString } from './selector';
export { parseConfig, type ParseOptions, type ConfigResult } from './config';
export { validationFor, type BGPType } from './validation';
export * from './webhooks';
export { goQuote, goQuoteRune, goQuoteList, goDurationString, parseGoDuration } from './gofmt';
