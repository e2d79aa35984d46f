import { k8s } from 'cdk8s-plus-27';

/** Identity the hardened pods run as. */
export interface PodIdentity {
  /** Numeric user id (>= 10000 keeps clear of host users; kube-score `container-security-context-user-group-id`). */
  readonly runAsUser: number;
  /** Numeric group id. */
  readonly runAsGroup: number;
}

/**
 * A pod security context that satisfies the Pod Security Standards "restricted" profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function restrictedPodSecurityContext(id: PodIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: id.runAsUser,
    runAsGroup: id.runAsGroup,
    fsGroup: id.runAsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A container security context that satisfies the "restricted" profile and the linters' hardening
 * checks: no privilege escalation, every capability dropped, read-only root filesystem, non-root.
 */
export function restrictedContainerSecurityContext(id: PodIdentity): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: id.runAsUser,
    runAsGroup: id.runAsGroup,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
