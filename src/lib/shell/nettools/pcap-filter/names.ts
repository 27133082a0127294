/** The words pcap-filter(7) knows: port names, byte-test constants, protocols, qualifiers, relations. */
export const PORT_NAMES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, http: 80, www: 80, ntp: 123, bgp: 179, https: 443,
  'http-alt': 8080
};

export const CONSTANTS: Record<string, number> = {
  icmptype: 0, icmpcode: 1, tcpflags: 13,
  'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5, 'icmp-echo': 8, 'icmp-routeradvert': 9,
  'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12, 'icmp-tstamp': 13, 'icmp-tstampreply': 14,
  'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17, 'icmp-maskreply': 18,
  'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10, 'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80
};

export const PROTO_NUM: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, vrrp: 112, sctp: 132, pim: 103 };
export const PROTOS = new Set(['ether', 'fddi', 'tr', 'wlan', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'icmp6', 'igmp', 'sctp', 'vrrp', 'pim', 'ah', 'esp', 'gre', 'carp']);
export const DIRS = new Set(['src', 'dst']);
export const TYPES = new Set(['host', 'net', 'port', 'portrange', 'proto', 'gateway']);
export const RELOPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);
