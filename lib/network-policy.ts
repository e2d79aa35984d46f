import { isIP } from 'net';
import { k8s } from 'cdk8s-plus-27';
import { nestProblems, Problem } from './internal/problems';
import { checkDnsLabel, checkLabelKey, checkLabelValue, checkPort } from './internal/validators';

/**
 * Who may open connections to the site's pods. A peer checks its names, labels and CIDR where it is
 * built; a site that uses it reports the problems at synth, under `networkPolicy`.
 */
export class NetworkPeer {
  /** Every pod in the namespace with this name (uses the `kubernetes.io/metadata.name` label). */
  public static namespaceNamed(name: string): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  }

  /** Every pod in namespaces carrying these labels. */
  public static namespaceLabels(labels: Record<string, string>): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { ...labels } } });
  }

  /** Pods in the site's own namespace carrying these labels. */
  public static pods(labels: Record<string, string>): NetworkPeer {
    return new NetworkPeer({ podSelector: { matchLabels: { ...labels } } });
  }

  /** Pods with these labels in namespaces with these labels. */
  public static podsInNamespaces(podLabels: Record<string, string>, namespaceLabels: Record<string, string>): NetworkPeer {
    return new NetworkPeer({ podSelector: { matchLabels: { ...podLabels } }, namespaceSelector: { matchLabels: { ...namespaceLabels } } });
  }

  /** An IP range, e.g. a load balancer's subnet `10.0.0.0/16`. */
  public static ipBlock(cidr: string): NetworkPeer {
    return new NetworkPeer({ ipBlock: { cidr } });
  }

  /** Problems with the peer's names, labels or CIDR. @internal */
  public readonly _problems: Problem[];

  private constructor(/** @internal */ public readonly _peer: k8s.NetworkPolicyPeer) {
    const out: Array<Problem | undefined> = [];
    const ns = _peer.namespaceSelector?.matchLabels ?? {};
    const pods = _peer.podSelector?.matchLabels ?? {};
    if ('kubernetes.io/metadata.name' in ns) out.push(checkDnsLabel(ns['kubernetes.io/metadata.name'], 'namespace'));
    for (const [key, value] of [...Object.entries(ns), ...Object.entries(pods)]) {
      out.push(checkLabelKey(key, `labels[${JSON.stringify(key)}]`), checkLabelValue(value, `labels[${JSON.stringify(key)}]`));
    }
    if (_peer.ipBlock) out.push(checkCidr(_peer.ipBlock.cidr, 'cidr'));
    this._problems = out.filter((p): p is Problem => p !== undefined);
  }
}

/** Checks an IPv4 or IPv6 CIDR such as `10.0.0.0/16`. */
function checkCidr(value: unknown, property: string): Problem | undefined {
  const m = typeof value === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(value) : null;
  const family = m ? isIP(m[1]) : 0;
  const bits = m ? Number(m[2]) : NaN;
  if (family === 0 || bits > (family === 4 ? 32 : 128)) {
    return { property, problem: 'is not a CIDR', value, allowed: 'an IPv4 or IPv6 address and prefix length, e.g. "10.0.0.0/16"', fix: 'write the range as address/prefix' };
  }
  return undefined;
}

/** What the site's pods may connect to. */
export class NetworkEgress {
  /** Anything (the default: a website often calls APIs, CDNs or databases you have not listed yet). */
  public static allowAll(): NetworkEgress {
    return new NetworkEgress([{}]);
  }

  /** Only DNS (UDP and TCP port 53), e.g. a static site. */
  public static dnsOnly(): NetworkEgress {
    return new NetworkEgress([DNS_RULE]);
  }

  /** These peers on these ports, plus DNS. */
  public static to(peers: NetworkPeer[], ports: number[] = []): NetworkEgress {
    const rule: k8s.NetworkPolicyEgressRule = {
      to: peers.map((p) => p._peer),
      ports: ports.length > 0 ? ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) : undefined,
    };
    return new NetworkEgress([DNS_RULE, rule], peers, ports);
  }

  /** Nothing at all, not even DNS. */
  public static denyAll(): NetworkEgress {
    return new NetworkEgress([]);
  }

  /** Problems with the peers and ports (`to[0].cidr`, `ports[0]`). @internal */
  public readonly _problems: Problem[];

  private constructor(/** @internal */ public readonly _rules: k8s.NetworkPolicyEgressRule[], peers: NetworkPeer[] = [], ports: number[] = []) {
    this._problems = [
      ...peers.flatMap((peer, i) => nestProblems(`to[${i}]`, peer._problems)),
      ...ports.map((port, i) => checkPort(port, `ports[${i}]`)).filter((p): p is Problem => p !== undefined),
    ];
  }
}

const DNS_RULE: k8s.NetworkPolicyEgressRule = {
  ports: [
    { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
    { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
  ],
};

/** The site's NetworkPolicy. */
export interface NetworkPolicyOptions {
  /**
   * Render a NetworkPolicy. Polaris `missingNetworkPolicy` flags pods without one; a policy that
   * admits only the `http` port also closes every other port the image might open by accident.
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Who may connect to the `http` port.
   * @default - anyone (a public website); restrict to e.g. `NetworkPeer.namespaceNamed('ingress-nginx')`
   */
  readonly allowFrom?: NetworkPeer[];

  /**
   * What the pods may connect to.
   * @default NetworkEgress.allowAll()
   */
  readonly egress?: NetworkEgress;
}
