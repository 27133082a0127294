/**
 * The MetalLB v0.14.8 "native" installation manifest, as the lab serves it when a learner runs
 *   kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml
 *
 * The lab never touches the network, so this is our own rendition of that file, written from the
 * object inventory in the project's MetalLB reference (§1 installation manifest, §2 CRDs). It holds
 * the same objects, in the same order, with the same names, labels, images, args, env, ports,
 * probes, security settings, volumes and webhook wiring. Schemas are compact and the descriptions
 * are our own wording. RBAC rules are stored by the simulator but not enforced.
 */

export const METALLB_NATIVE_URL =
  'https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml';

/** Re-indent a block of YAML lines by `pad` spaces (no trailing newline). */
function indent(block: string, pad: number): string {
  const prefix = ' '.repeat(pad);
  return block
    .trim()
    .split('\n')
    .map((line) => (line.length ? prefix + line : line))
    .join('\n');
}

/** Schema body of a Kubernetes label selector (matchLabels / matchExpressions). */
const LABEL_SELECTOR = `
type: object
description: A label query; matchLabels and matchExpressions are ANDed together.
properties:
  matchExpressions:
    description: Set-based requirements on label keys.
    type: array
    items:
      type: object
      properties:
        key:
          description: The label key the requirement is about.
          type: string
        operator:
          description: One of In, NotIn, Exists or DoesNotExist.
          type: string
        values:
          description: Values to compare against; empty for Exists and DoesNotExist.
          type: array
          items:
            type: string
      required:
        - key
        - operator
  matchLabels:
    description: Exact key/value pairs a label set must contain.
    type: object
    additionalProperties:
      type: string
x-kubernetes-map-type: atomic
`;

const sel = (pad: number): string => indent(LABEL_SELECTOR, pad);

/** apiVersion / kind / metadata, common to every CRD schema (6 spaces in: under openAPIV3Schema.properties). */
const OBJECT_HEADER = `
apiVersion:
  description: Versioned schema of this object representation.
  type: string
kind:
  description: REST resource type of this object.
  type: string
metadata:
  type: object
`;

const header = (pad: number): string => indent(OBJECT_HEADER, pad);

/** BGPPeer spec fields shared by v1beta1 and v1beta2 (10 spaces in: under spec.properties). */
function bgpPeerCommonFields(pad: number): string {
  return indent(
    `
bfdProfile:
  description: Name of the BFDProfile used for this session; empty means no BFD.
  type: string
ebgpMultiHop:
  description: Lets an eBGP peer sit more than one hop away.
  type: boolean
holdTime:
  description: Proposed BGP hold time, as a duration string such as 90s.
  type: string
keepaliveTime:
  description: Interval between BGP keepalive messages, as a duration string.
  type: string
myASN:
  description: Autonomous system number used on the local side.
  type: integer
  minimum: 0
  maximum: 4294967295
password:
  description: Plain-text password for TCP MD5 authentication of the session.
  type: string
peerASN:
  description: Autonomous system number expected from the peer.
  type: integer
  minimum: 0
  maximum: 4294967295
peerAddress:
  description: IP address of the peer to connect to.
  type: string
routerID:
  description: BGP router ID to advertise to the peer.
  type: string
sourceAddress:
  description: Local address the session is opened from.
  type: string
`,
    pad
  );
}

export const METALLB_NATIVE_YAML: string = `apiVersion: v1
kind: Namespace
metadata:
  name: metallb-system
  labels:
    pod-security.kubernetes.io/audit: privileged
    pod-security.kubernetes.io/enforce: privileged
    pod-security.kubernetes.io/warn: privileged
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: bfdprofiles.metallb.io
spec:
  group: metallb.io
  names:
    kind: BFDProfile
    listKind: BFDProfileList
    plural: bfdprofiles
    singular: bfdprofile
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      additionalPrinterColumns:
        - name: PASSIVE MODE
          jsonPath: .spec.passiveMode
          type: boolean
        - name: TRANSMIT INTERVAL
          jsonPath: .spec.transmitInterval
          type: integer
        - name: RECEIVE INTERVAL
          jsonPath: .spec.receiveInterval
          type: integer
        - name: MULTIPLIER
          jsonPath: .spec.detectMultiplier
          type: integer
      schema:
        openAPIV3Schema:
          description: Tuning for BFD sessions that BGP peers can refer to by name.
          type: object
          properties:
${header(12)}
            spec:
              description: Desired BFD timers and modes.
              type: object
              properties:
                detectMultiplier:
                  description: Missed packets tolerated before the session is declared down.
                  type: integer
                  format: int32
                echoInterval:
                  description: Minimum interval, in milliseconds, between echo packets.
                  type: integer
                  format: int32
                echoMode:
                  description: Turns echo mode on or off.
                  type: boolean
                minimumTtl:
                  description: Lowest TTL accepted on incoming control packets (multi-hop only).
                  type: integer
                  format: int32
                passiveMode:
                  description: Wait for the peer to start the session instead of starting it.
                  type: boolean
                receiveInterval:
                  description: Minimum interval, in milliseconds, this side can receive control packets.
                  type: integer
                  format: int32
                transmitInterval:
                  description: Minimum interval, in milliseconds, this side wants to send control packets.
                  type: integer
                  format: int32
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: bgpadvertisements.metallb.io
spec:
  group: metallb.io
  names:
    kind: BGPAdvertisement
    listKind: BGPAdvertisementList
    plural: bgpadvertisements
    singular: bgpadvertisement
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      additionalPrinterColumns:
        - name: IPADDRESSPOOLS
          jsonPath: .spec.ipAddressPools
          type: string
        - name: IPADDRESSPOOL SELECTORS
          jsonPath: .spec.ipAddressPoolSelectors
          type: string
        - name: PEERS
          jsonPath: .spec.peers
          type: string
        - name: NODE SELECTORS
          jsonPath: .spec.nodeSelectors
          type: string
          priority: 10
      schema:
        openAPIV3Schema:
          description: Says how addresses from selected pools are announced over BGP.
          type: object
          properties:
${header(12)}
            spec:
              description: Desired BGP announcement settings.
              type: object
              properties:
                aggregationLength:
                  description: Prefix length used when announcing IPv4 addresses (32 = each address alone).
                  type: integer
                  format: int32
                  default: 32
                  minimum: 1
                aggregationLengthV6:
                  description: Prefix length used when announcing IPv6 addresses.
                  type: integer
                  format: int32
                  default: 128
                communities:
                  description: BGP communities to attach, either literal values or names from a Community object.
                  type: array
                  items:
                    type: string
                ipAddressPoolSelectors:
                  description: Pools chosen by label; combined with ipAddressPools.
                  type: array
                  items:
${sel(20)}
                ipAddressPools:
                  description: Pools to announce, by name. With no pools and no selectors, every pool is announced.
                  type: array
                  items:
                    type: string
                localPref:
                  description: BGP LOCAL_PREF to attach to the routes (0 when unset).
                  type: integer
                  minimum: 0
                  maximum: 4294967295
                nodeSelectors:
                  description: Nodes allowed to announce; empty means every node.
                  type: array
                  items:
${sel(20)}
                peers:
                  description: Names of the BGPPeers to announce to; empty means every peer.
                  type: array
                  items:
                    type: string
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: bgppeers.metallb.io
spec:
  group: metallb.io
  names:
    kind: BGPPeer
    listKind: BGPPeerList
    plural: bgppeers
    singular: bgppeer
  scope: Namespaced
  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        service:
          name: metallb-webhook-service
          namespace: metallb-system
          path: /convert
      conversionReviewVersions:
        - v1
  versions:
    - name: v1beta1
      served: true
      storage: false
      additionalPrinterColumns:
        - name: ADDRESS
          jsonPath: .spec.peerAddress
          type: string
        - name: ASN
          jsonPath: .spec.peerASN
          type: integer
        - name: BFD PROFILE
          jsonPath: .spec.bfdProfile
          type: string
        - name: MULTI HOPS
          jsonPath: .spec.ebgpMultiHop
          type: boolean
      schema:
        openAPIV3Schema:
          description: Older form of a BGP session to open with a router.
          type: object
          properties:
${header(12)}
            spec:
              description: Desired BGP session.
              type: object
              properties:
${bgpPeerCommonFields(16)}
                nodeSelectors:
                  description: Nodes that open this session; empty means every node.
                  type: array
                  items:
${sel(20)}
                peerPort:
                  description: TCP port of the peer.
                  type: integer
                  minimum: 0
                  maximum: 16384
              required:
                - myASN
                - peerASN
                - peerAddress
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
    - name: v1beta2
      served: true
      storage: true
      additionalPrinterColumns:
        - name: ADDRESS
          jsonPath: .spec.peerAddress
          type: string
        - name: ASN
          jsonPath: .spec.peerASN
          type: integer
        - name: BFD PROFILE
          jsonPath: .spec.bfdProfile
          type: string
        - name: MULTI HOPS
          jsonPath: .spec.ebgpMultiHop
          type: boolean
      schema:
        openAPIV3Schema:
          description: A BGP session that speakers open with a router.
          type: object
          properties:
${header(12)}
            spec:
              description: Desired BGP session.
              type: object
              properties:
${bgpPeerCommonFields(16)}
                connectTime:
                  description: Wait between attempts to reach the peer, as a whole number of seconds.
                  type: string
                  x-kubernetes-validations:
                    - rule: 'duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535'
                      message: connect time should be between 1 seconds to 65535
                    - rule: 'duration(self).getMilliseconds() % 1000 == 0'
                      message: connect time should contain a whole number of seconds
                disableMP:
                  description: Open a separate session per address family instead of multiprotocol.
                  type: boolean
                  default: false
                enableGracefulRestart:
                  description: Ask for BGP graceful restart; fixed once the peer exists.
                  type: boolean
                  x-kubernetes-validations:
                    - rule: self == oldSelf
                      message: EnableGracefulRestart cannot be changed after creation
                nodeSelectors:
                  description: Nodes that open this session; empty means every node.
                  type: array
                  items:
${sel(20)}
                passwordSecret:
                  description: Secret (type kubernetes.io/basic-auth) whose password key authenticates the session.
                  type: object
                  properties:
                    name:
                      description: Secret name.
                      type: string
                    namespace:
                      description: Secret namespace.
                      type: string
                  x-kubernetes-map-type: atomic
                peerPort:
                  description: TCP port of the peer.
                  type: integer
                  default: 179
                  minimum: 0
                  maximum: 16384
                vrf:
                  description: VRF the session is opened from.
                  type: string
              required:
                - myASN
                - peerASN
                - peerAddress
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: communities.metallb.io
spec:
  group: metallb.io
  names:
    kind: Community
    listKind: CommunityList
    plural: communities
    singular: community
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          description: Friendly names for BGP community values.
          type: object
          properties:
${header(12)}
            spec:
              description: The name/value pairs.
              type: object
              properties:
                communities:
                  type: array
                  items:
                    type: object
                    properties:
                      name:
                        description: Alias that BGPAdvertisements can use.
                        type: string
                      value:
                        description: Community value, e.g. 64512:100 or large:1:2:3.
                        type: string
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ipaddresspools.metallb.io
spec:
  group: metallb.io
  names:
    kind: IPAddressPool
    listKind: IPAddressPoolList
    plural: ipaddresspools
    singular: ipaddresspool
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      additionalPrinterColumns:
        - name: AUTO ASSIGN
          jsonPath: .spec.autoAssign
          type: boolean
        - name: AVOID BUGGY IPS
          jsonPath: .spec.avoidBuggyIPs
          type: boolean
        - name: ADDRESSES
          jsonPath: .spec.addresses
          type: string
      schema:
        openAPIV3Schema:
          description: A set of addresses MetalLB may hand out to LoadBalancer services.
          type: object
          properties:
${header(12)}
            spec:
              description: The addresses and how they may be used.
              type: object
              properties:
                addresses:
                  description: CIDRs (10.0.0.0/24) or ranges (10.0.0.10-10.0.0.20), IPv4 or IPv6.
                  type: array
                  items:
                    type: string
                autoAssign:
                  description: Hand out addresses from this pool without being asked for it by name or IP.
                  type: boolean
                  default: true
                avoidBuggyIPs:
                  description: Skip addresses ending in .0 or .255.
                  type: boolean
                  default: false
                serviceAllocation:
                  description: Restricts the pool to some services and namespaces, and ranks it.
                  type: object
                  properties:
                    namespaceSelectors:
                      description: Namespaces, chosen by label, the pool serves.
                      type: array
                      items:
${sel(24)}
                    namespaces:
                      description: Namespaces, by name, the pool serves.
                      type: array
                      items:
                        type: string
                    priority:
                      description: Rank among matching pools; a lower number is tried first.
                      type: integer
                    serviceSelectors:
                      description: Services, chosen by label, the pool serves.
                      type: array
                      items:
${sel(24)}
              required:
                - addresses
            status:
              description: Observed state; currently unused.
              type: object
          required:
            - spec
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: l2advertisements.metallb.io
spec:
  group: metallb.io
  names:
    kind: L2Advertisement
    listKind: L2AdvertisementList
    plural: l2advertisements
    singular: l2advertisement
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      additionalPrinterColumns:
        - name: IPADDRESSPOOLS
          jsonPath: .spec.ipAddressPools
          type: string
        - name: IPADDRESSPOOL SELECTORS
          jsonPath: .spec.ipAddressPoolSelectors
          type: string
        - name: INTERFACES
          jsonPath: .spec.interfaces
          type: string
        - name: NODE SELECTORS
          jsonPath: .spec.nodeSelectors
          type: string
          priority: 10
      schema:
        openAPIV3Schema:
          description: Says that addresses from selected pools are answered for with ARP/NDP.
          type: object
          properties:
${header(12)}
            spec:
              description: Desired layer 2 announcement settings.
              type: object
              properties:
                interfaces:
                  description: Node interfaces to answer on; empty means every eligible interface.
                  type: array
                  items:
                    type: string
                ipAddressPoolSelectors:
                  description: Pools chosen by label; combined with ipAddressPools.
                  type: array
                  items:
${sel(20)}
                ipAddressPools:
                  description: Pools to announce, by name. With no pools and no selectors, every pool is announced.
                  type: array
                  items:
                    type: string
                nodeSelectors:
                  description: Nodes allowed to announce; empty means every node.
                  type: array
                  items:
${sel(20)}
            status:
              description: Observed state; currently unused.
              type: object
      subresources:
        status: {}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: servicel2statuses.metallb.io
spec:
  group: metallb.io
  names:
    kind: ServiceL2Status
    listKind: ServiceL2StatusList
    plural: servicel2statuses
    singular: servicel2status
  scope: Namespaced
  versions:
    - name: v1beta1
      served: true
      storage: true
      additionalPrinterColumns:
        - name: ALLOCATED NODE
          jsonPath: .status.node
          type: string
        - name: SERVICE NAME
          jsonPath: .status.serviceName
          type: string
        - name: SERVICE NAMESPACE
          jsonPath: .status.serviceNamespace
          type: string
      schema:
        openAPIV3Schema:
          description: Written by speakers to show which node answers for a service in layer 2 mode.
          type: object
          properties:
${header(12)}
            spec:
              description: Nothing to set; the object is owned by MetalLB.
              type: object
            status:
              description: Where the service is announced.
              type: object
              properties:
                interfaces:
                  description: Interfaces the address is announced on.
                  type: array
                  items:
                    type: object
                    properties:
                      name:
                        description: Interface name.
                        type: string
                node:
                  description: Node that announces the service.
                  type: string
                serviceName:
                  description: Name of the announced service.
                  type: string
                serviceNamespace:
                  description: Namespace of the announced service.
                  type: string
      subresources:
        status: {}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: controller
  namespace: metallb-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: speaker
  namespace: metallb-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: controller
  namespace: metallb-system
rules:
  - apiGroups:
      - ""
    resources:
      - secrets
    verbs:
      - create
      - delete
      - get
      - list
      - patch
      - update
      - watch
  - apiGroups:
      - apps
    resources:
      - deployments
    resourceNames:
      - controller
    verbs:
      - get
  - apiGroups:
      - metallb.io
    resources:
      - bfdprofiles
      - bgpadvertisements
      - bgppeers
      - communities
      - ipaddresspools
      - l2advertisements
    verbs:
      - get
      - list
      - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-lister
  namespace: metallb-system
rules:
  - apiGroups:
      - ""
    resources:
      - pods
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - ""
    resources:
      - secrets
      - configmaps
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - metallb.io
    resources:
      - bfdprofiles
      - bgpadvertisements
      - bgppeers
      - communities
      - ipaddresspools
      - l2advertisements
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - metallb.io
    resources:
      - servicel2statuses
      - servicel2statuses/status
    verbs:
      - create
      - delete
      - get
      - list
      - patch
      - update
      - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metallb-system:controller
rules:
  - apiGroups:
      - ""
    resources:
      - services
      - namespaces
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - ""
    resources:
      - services/status
    verbs:
      - update
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - list
  - apiGroups:
      - ""
    resources:
      - events
    verbs:
      - create
      - patch
  - apiGroups:
      - admissionregistration.k8s.io
    resources:
      - validatingwebhookconfigurations
    resourceNames:
      - metallb-webhook-configuration
    verbs:
      - get
      - list
      - patch
      - update
      - watch
  - apiGroups:
      - apiextensions.k8s.io
    resources:
      - customresourcedefinitions
    resourceNames:
      - bfdprofiles.metallb.io
      - bgpadvertisements.metallb.io
      - bgppeers.metallb.io
      - communities.metallb.io
      - ipaddresspools.metallb.io
      - l2advertisements.metallb.io
      - servicel2statuses.metallb.io
    verbs:
      - get
      - list
      - patch
      - update
      - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: metallb-system:speaker
rules:
  - apiGroups:
      - ""
    resources:
      - services
      - endpoints
      - nodes
      - namespaces
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - discovery.k8s.io
    resources:
      - endpointslices
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - ""
    resources:
      - events
    verbs:
      - create
      - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: controller
  namespace: metallb-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: controller
subjects:
  - kind: ServiceAccount
    name: controller
    namespace: metallb-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: pod-lister
  namespace: metallb-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-lister
subjects:
  - kind: ServiceAccount
    name: speaker
    namespace: metallb-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metallb-system:controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metallb-system:controller
subjects:
  - kind: ServiceAccount
    name: controller
    namespace: metallb-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metallb-system:speaker
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: metallb-system:speaker
subjects:
  - kind: ServiceAccount
    name: speaker
    namespace: metallb-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: metallb-excludel2
  namespace: metallb-system
data:
  excludel2.yaml: |
    announcedInterfacesToExclude: ["^docker.*", "^cbr.*", "^dummy.*", "^virbr.*", "^lxcbr.*", "^veth.*", "^lo$", "^cali.*", "^tunl.*", "^flannel.*", "^kube-ipvs.*", "^cni.*", "^nodelocaldns.*"]
---
apiVersion: v1
kind: Secret
metadata:
  name: metallb-webhook-cert
  namespace: metallb-system
---
apiVersion: v1
kind: Service
metadata:
  name: metallb-webhook-service
  namespace: metallb-system
spec:
  ports:
    - port: 443
      targetPort: 9443
  selector:
    component: controller
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: metallb-system
  labels:
    app: metallb
    component: controller
spec:
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: metallb
      component: controller
  template:
    metadata:
      annotations:
        prometheus.io/port: "7472"
        prometheus.io/scrape: "true"
      labels:
        app: metallb
        component: controller
    spec:
      containers:
        - name: controller
          image: quay.io/metallb/controller:v0.14.8
          args:
            - --port=7472
            - --log-level=info
            - --tls-min-version=VersionTLS12
          env:
            - name: METALLB_ML_SECRET_NAME
              value: memberlist
            - name: METALLB_DEPLOYMENT
              value: controller
          ports:
            - name: monitoring
              containerPort: 7472
            - name: webhook-server
              containerPort: 9443
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /metrics
              port: monitoring
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /metrics
              port: monitoring
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: cert
              mountPath: /tmp/k8s-webhook-server/serving-certs
              readOnly: true
      nodeSelector:
        kubernetes.io/os: linux
      securityContext:
        fsGroup: 65534
        runAsNonRoot: true
        runAsUser: 65534
      serviceAccountName: controller
      terminationGracePeriodSeconds: 0
      volumes:
        - name: cert
          secret:
            defaultMode: 420
            secretName: metallb-webhook-cert
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: speaker
  namespace: metallb-system
  labels:
    app: metallb
    component: speaker
spec:
  selector:
    matchLabels:
      app: metallb
      component: speaker
  template:
    metadata:
      annotations:
        prometheus.io/port: "7472"
        prometheus.io/scrape: "true"
      labels:
        app: metallb
        component: speaker
    spec:
      containers:
        - name: speaker
          image: quay.io/metallb/speaker:v0.14.8
          args:
            - --port=7472
            - --log-level=info
          env:
            - name: METALLB_NODE_NAME
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
            - name: METALLB_POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: METALLB_HOST
              valueFrom:
                fieldRef:
                  fieldPath: status.hostIP
            - name: METALLB_ML_BIND_ADDR
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            - name: METALLB_ML_LABELS
              value: app=metallb,component=speaker
            - name: METALLB_ML_SECRET_KEY_PATH
              value: /etc/ml_secret_key
          ports:
            - name: monitoring
              containerPort: 7472
            - name: memberlist-tcp
              containerPort: 7946
            - name: memberlist-udp
              containerPort: 7946
              protocol: UDP
          livenessProbe:
            httpGet:
              path: /metrics
              port: monitoring
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /metrics
              port: monitoring
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              add:
                - NET_RAW
              drop:
                - ALL
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: memberlist
              mountPath: /etc/ml_secret_key
            - name: metallb-excludel2
              mountPath: /etc/metallb
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      serviceAccountName: speaker
      terminationGracePeriodSeconds: 2
      tolerations:
        - key: node-role.kubernetes.io/master
          operator: Exists
          effect: NoSchedule
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      volumes:
        - name: memberlist
          secret:
            defaultMode: 420
            secretName: memberlist
        - name: metallb-excludel2
          configMap:
            defaultMode: 256
            name: metallb-excludel2
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: metallb-webhook-configuration
webhooks:
  - name: bgppeersvalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta2-bgppeer
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta2
        operations:
          - CREATE
          - UPDATE
        resources:
          - bgppeers
    sideEffects: None
  - name: bfdprofilevalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta1-bfdprofile
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - DELETE
        resources:
          - bfdprofiles
    sideEffects: None
  - name: bgpadvertisementvalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta1-bgpadvertisement
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - UPDATE
        resources:
          - bgpadvertisements
    sideEffects: None
  - name: communityvalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta1-community
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - UPDATE
        resources:
          - communities
    sideEffects: None
  - name: ipaddresspoolvalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta1-ipaddresspool
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - UPDATE
        resources:
          - ipaddresspools
    sideEffects: None
  - name: l2advertisementvalidationwebhook.metallb.io
    admissionReviewVersions:
      - v1
    clientConfig:
      service:
        name: metallb-webhook-service
        namespace: metallb-system
        path: /validate-metallb-io-v1beta1-l2advertisement
    failurePolicy: Fail
    rules:
      - apiGroups:
          - metallb.io
        apiVersions:
          - v1beta1
        operations:
          - CREATE
          - UPDATE
        resources:
          - l2advertisements
    sideEffects: None
`;
