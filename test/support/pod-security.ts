/**
 * The Pod Security Standards "restricted" profile (v1.27), as checks over a rendered pod template, so
 * tests can prove every pod the library renders would be admitted by a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

/** Volume types the restricted profile allows. */
const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Sysctls the baseline (and so restricted) profile allows. */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
];

/** Returns the violations of the restricted profile in one pod spec (empty when admitted). */
export function restrictedViolations(pod: any): string[] {
  const out: string[] = [];
  const psc = pod.securityContext ?? {};
  const containers: any[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];

  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) out.push('host namespaces');
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !ALLOWED_VOLUMES.includes(type)) out.push(`volume type ${type}`);
  }
  for (const s of psc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.includes(s.name)) out.push(`sysctl ${s.name}`);
  }
  if (psc.runAsUser === 0) out.push('pod runAsUser 0');
  if (psc.seLinuxOptions?.type && !['container_t', 'container_init_t', 'container_kvm_t'].includes(psc.seLinuxOptions.type)) out.push('pod seLinuxOptions.type');
  const podSeccomp = psc.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) out.push('pod seccompProfile');

  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) out.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation must be false`);
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot must be true`);
    if (sc.runAsUser === 0) out.push(`${where}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) out.push(`${where}: seccompProfile must be RuntimeDefault or Localhost`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push(`${where}: capabilities must drop ALL`);
    const add: string[] = sc.capabilities?.add ?? [];
    if (add.some((cap) => cap !== 'NET_BIND_SERVICE')) out.push(`${where}: capabilities.add beyond NET_BIND_SERVICE`);
    if (sc.procMount && sc.procMount !== 'Default') out.push(`${where}: procMount`);
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push(`${where}: hostPort`);
    }
  }
  return out;
}

/** The pod specs inside rendered objects: Deployments, CronJobs, Jobs, Pods. */
export function podSpecs(objects: any[]): Array<{ owner: string; pod: any }> {
  const out: Array<{ owner: string; pod: any }> = [];
  for (const o of objects) {
    const owner = `${o.kind}/${o.metadata?.name}`;
    if (o.kind === 'Pod') out.push({ owner, pod: o.spec });
    else if (o.kind === 'CronJob') out.push({ owner, pod: o.spec.jobTemplate.spec.template.spec });
    else if (o.spec?.template?.spec) out.push({ owner, pod: o.spec.template.spec });
  }
  return out;
}
