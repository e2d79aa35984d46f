import { ApiObject, Chart, Duration, JsonPatch, Testing, Yaml } from 'cdk8s';
import {
  ArgoCdApplication,
  ArgoCdApplicationProps,
  CascadeDeletion,
  PrunePropagationPolicy,
  SyncMode,
} from '../lib/argocd-application';
import { SyncOption } from '../lib/argocd-sync-option';
import { validateManifest } from './support/schema';
import { freshChart } from './support/chart';

const REPO = 'https://github.com/example/sites.git';

/** The props every test needs; each test adds what it is about. */
const BASE: ArgoCdApplicationProps = { repoUrl: REPO, path: 'dist', destinationNamespace: 'gethue' };

/** GIVEN a test chart WHEN one ArgoCdApplication `site` is added THEN returns its one rendered object. */
function render(props: Partial<ArgoCdApplicationProps> = {}, id: string = 'site'): any {
  const chart = freshChart();
  new ArgoCdApplication(chart, id, { ...BASE, ...props });
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/** The whole message of the error thrown when the chart is synthesized. */
function synthError(props: Partial<ArgoCdApplicationProps>, id: string = 'site'): string {
  const chart = freshChart();
  new ArgoCdApplication(chart, id, { ...BASE, ...props });
  return synthErrorOf(chart);
}

/** The whole message of the error thrown when `chart` is synthesized. */
function synthErrorOf(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

/** cdk8s's frame around the messages of one synth: every message is prefixed by the construct path. */
function failed(...messages: string[]): string {
  return `Validation failed with the following errors:\n  ${messages.join('\n  ')}`;
}

describe('ArgoCdApplication defaults', () => {
  test('default Application, field by field', () => {
    expect(render()).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'site',
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
          'app.kubernetes.io/name': 'site',
        },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        source: {
          repoURL: REPO,
          targetRevision: 'HEAD',
          path: 'dist',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'gethue',
        },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
          retry: {
            limit: 5,
            backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
          },
        },
      },
    });
  });

  test('default apiVersion and kind', () => {
    const app = render();
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.kind).toBe('Application');
  });

  test('default name is the construct id', () => {
    expect(render({}, 'gethue').metadata.name).toBe('gethue');
  });

  test('default source renders repoURL (Argo CD spelling), HEAD and the path, and no directory block', () => {
    const source = render().spec.source;
    expect(source.repoURL).toBe(REPO);
    expect(source.repoUrl).toBeUndefined();
    expect(source.targetRevision).toBe('HEAD');
    expect(source.path).toBe('dist');
    expect(source.directory).toBeUndefined();
  });

  test('default automated sync prunes and self-heals, never allows an empty source', () => {
    expect(render().spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('default finalizer deletes the site with the Application', () => {
    expect(render().metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });

  test('default output is deterministic: same YAML on every synth', () => {
    const once = () => {
      const chart = freshChart();
      new ArgoCdApplication(chart, 'site', { ...BASE, syncOptions: [SyncOption.SERVER_SIDE_APPLY, SyncOption.CREATE_NAMESPACE] });
      return Yaml.stringify(...Testing.synth(chart));
    };
    expect(once()).toBe(once());
    expect(once()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  test('default keys are rendered in sorted order', () => {
    const app = render({ include: 'gethue.k8s.yaml' });
    expect(Object.keys(app)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(app.spec)).toEqual(['destination', 'project', 'source', 'syncPolicy']);
    expect(Object.keys(app.spec.source)).toEqual(['directory', 'path', 'repoURL', 'targetRevision']);
    expect(Object.keys(app.spec.syncPolicy)).toEqual(['automated', 'retry', 'syncOptions']);
  });
});

describe('ArgoCdApplication configuration', () => {
  test('can configure name, namespace and project', () => {
    const app = render({ name: 'gethue-prod', applicationNamespace: 'gitops', project: 'websites' });
    expect(app.metadata.name).toBe('gethue-prod');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.metadata.labels['app.kubernetes.io/name']).toBe('gethue-prod');
    expect(app.spec.project).toBe('websites');
  });

  test('can configure the Application namespace independently of the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'gethue' });
    new ArgoCdApplication(chart, 'site', BASE);
    expect(Testing.synth(chart)[0].metadata.namespace).toBe('argocd');
  });

  test('can configure targetRevision', () => {
    expect(render({ targetRevision: 'v1.2.3' }).spec.source.targetRevision).toBe('v1.2.3');
  });

  test('can configure recurse, include and exclude', () => {
    const app = render({ recurse: true, include: 'gethue.k8s.yaml', exclude: '*.test.yaml' });
    expect(app.spec.source.directory).toEqual({ recurse: true, include: 'gethue.k8s.yaml', exclude: '*.test.yaml' });
  });

  test('can configure include alone, for one chart of a shared dist/', () => {
    expect(render({ include: 'gethue.k8s.yaml' }).spec.source.directory).toEqual({ include: 'gethue.k8s.yaml' });
  });

  test('recurse: false renders no directory block (Argo CD drops it, argoproj/argo-cd#4501)', () => {
    expect(render({ recurse: false }).spec.source.directory).toBeUndefined();
  });

  test('can configure destinationServer', () => {
    expect(render({ destinationServer: 'https://10.0.0.1:6443' }).spec.destination).toEqual({
      server: 'https://10.0.0.1:6443',
      namespace: 'gethue',
    });
  });

  test('can configure destinationName instead of the server', () => {
    expect(render({ destinationName: 'prod-eu' }).spec.destination).toEqual({ name: 'prod-eu', namespace: 'gethue' });
  });

  test('can configure automated sync options; false fields are not rendered', () => {
    const app = render({ syncMode: SyncMode.automated({ prune: false, selfHeal: true, allowEmpty: true }) });
    expect(app.spec.syncPolicy.automated).toEqual({ selfHeal: true, allowEmpty: true });
  });

  test('can configure automated sync without prune and self-heal', () => {
    expect(render({ syncMode: SyncMode.automated({ prune: false, selfHeal: false }) }).spec.syncPolicy.automated).toEqual({});
  });

  test('can configure manual sync: no automated block', () => {
    const app = render({ syncMode: SyncMode.manual() });
    expect(app.spec.syncPolicy.automated).toBeUndefined();
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'PruneLast=true']);
    expect(app.spec.syncPolicy.retry.limit).toBe(5);
  });

  test('SyncMode tells whether it is automated', () => {
    expect(SyncMode.automated().isAutomated).toBe(true);
    expect(SyncMode.manual().isAutomated).toBe(false);
  });

  test('manual sync without options nor retries renders no syncPolicy at all (argoproj/argo-cd#19043)', () => {
    expect(render({ syncMode: SyncMode.manual(), syncOptions: [], retryLimit: 0 }).spec.syncPolicy).toBeUndefined();
  });

  test.each([
    [SyncOption.CREATE_NAMESPACE, 'CreateNamespace=true'],
    [SyncOption.SERVER_SIDE_APPLY, 'ServerSideApply=true'],
    [SyncOption.APPLY_OUT_OF_SYNC_ONLY, 'ApplyOutOfSyncOnly=true'],
    [SyncOption.PRUNE_LAST, 'PruneLast=true'],
    [SyncOption.SKIP_SCHEMA_VALIDATION, 'Validate=false'],
    [SyncOption.FAIL_ON_SHARED_RESOURCE, 'FailOnSharedResource=true'],
    [SyncOption.RESPECT_IGNORE_DIFFERENCES, 'RespectIgnoreDifferences=true'],
  ])('can configure sync option %s, spelled %s', (option, spelled) => {
    expect(render({ syncOptions: [option] }).spec.syncPolicy.syncOptions).toEqual([spelled]);
  });

  test.each([
    [PrunePropagationPolicy.FOREGROUND, 'PrunePropagationPolicy=foreground'],
    [PrunePropagationPolicy.BACKGROUND, 'PrunePropagationPolicy=background'],
    [PrunePropagationPolicy.ORPHAN, 'PrunePropagationPolicy=orphan'],
  ])('can configure prune propagation policy %s, spelled %s', (policy, spelled) => {
    expect(render({ prunePropagationPolicy: policy }).spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'PruneLast=true', spelled]);
  });

  test('sync options are deduplicated and sorted, whatever the order given', () => {
    const options = [SyncOption.SERVER_SIDE_APPLY, SyncOption.CREATE_NAMESPACE, SyncOption.SERVER_SIDE_APPLY, SyncOption.APPLY_OUT_OF_SYNC_ONLY];
    expect(render({ syncOptions: options }).spec.syncPolicy.syncOptions).toEqual([
      'ApplyOutOfSyncOnly=true',
      'CreateNamespace=true',
      'ServerSideApply=true',
    ]);
  });

  test('an empty sync option list renders no syncOptions', () => {
    expect(render({ syncOptions: [] }).spec.syncPolicy.syncOptions).toBeUndefined();
  });

  test('the default sync options create the namespace on the first sync and prune last', () => {
    expect([...ArgoCdApplication.DEFAULT_SYNC_OPTIONS]).toEqual([SyncOption.CREATE_NAMESPACE, SyncOption.PRUNE_LAST]);
    expect(render().spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'PruneLast=true']);
  });

  test('extraSyncOptions adds one option and keeps the defaults', () => {
    expect(render({ extraSyncOptions: [SyncOption.SERVER_SIDE_APPLY] }).spec.syncPolicy.syncOptions).toEqual([
      'CreateNamespace=true',
      'PruneLast=true',
      'ServerSideApply=true',
    ]);
  });

  test('extraSyncOptions adds to an explicit syncOptions list, which replaces the defaults', () => {
    const app = render({ syncOptions: [SyncOption.PRUNE_LAST], extraSyncOptions: [SyncOption.SERVER_SIDE_APPLY, SyncOption.PRUNE_LAST] });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'ServerSideApply=true']);
  });

  test('opting out of CreateNamespace: list the defaults to keep', () => {
    expect(render({ syncOptions: [SyncOption.PRUNE_LAST] }).spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
  });

  test('namespace labels for CreateNamespace go through the apiObject escape hatch (managedNamespaceMetadata), as docs/delivery.md shows', () => {
    const chart = freshChart();
    const app = new ArgoCdApplication(chart, 'site', BASE);
    app.apiObject.addJsonPatch(JsonPatch.add('/spec/syncPolicy/managedNamespaceMetadata', { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }));
    const rendered = Testing.synth(chart)[0];
    expect(rendered.spec.syncPolicy.managedNamespaceMetadata).toEqual({ labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
    expect(rendered.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });

  test('SyncOption.of renders an option Argo CD added after this library, next to the defaults', () => {
    const app = render({ extraSyncOptions: [SyncOption.of('SkipDryRunOnMissingResource=true'), SyncOption.of('ClientSideApplyMigration=false')] });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['ClientSideApplyMigration=false', 'CreateNamespace=true', 'PruneLast=true', 'SkipDryRunOnMissingResource=true']);
    expect(validateManifest(app)).toEqual([]);
  });

  test('SyncOption.of with the exact spelling of a constant is the same option: rendered once', () => {
    expect(render({ syncOptions: [SyncOption.PRUNE_LAST, SyncOption.of('PruneLast=true')] }).spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
  });

  test('SyncOption values read as they are rendered, and name themselves as written in code', () => {
    expect(SyncOption.SKIP_SCHEMA_VALIDATION.value).toBe('Validate=false');
    expect(String(SyncOption.of('Prune=confirm'))).toBe('Prune=confirm');
    expect(SyncOption.known().map((o) => o.value)).toEqual([
      'CreateNamespace=true',
      'ServerSideApply=true',
      'ApplyOutOfSyncOnly=true',
      'PruneLast=true',
      'Validate=false',
      'FailOnSharedResource=true',
      'RespectIgnoreDifferences=true',
    ]);
    expect(SyncOption.PRUNE_LAST._code).toBe('SyncOption.PRUNE_LAST');
    expect(SyncOption.of('Prune=confirm')._code).toBe('SyncOption.of("Prune=confirm")');
  });

  test.each([
    ['CreateNamespace = true', /is not written Key=value/],
    ['CreateNamespace=true,PruneLast=true', /is not written Key=value.*one option per entry/],
    ['createNamespace=true', /differs from "CreateNamespace=true" only in case.*Fix: use SyncOption\.CREATE_NAMESPACE\./],
    ['createNamespace=false', /is not written Key=value/],
    ['PruneLast', /is not written Key=value/],
    ['', /is not written Key=value/],
    ['Replace=true', /replaces whole objects instead of applying changes.*drops to 1 pod.*Fix: leave it out/],
    ['Force=true', /deletes and recreates objects/],
    ['PrunePropagationPolicy=orphan', /has its own prop.*Fix: set prunePropagationPolicy/],
    ['CreateNamespace=True', /differs from "CreateNamespace=true" only in case.*Fix: use SyncOption\.CREATE_NAMESPACE\./],
    ['validate=false', /differs from "Validate=false" only in case.*Fix: use SyncOption\.SKIP_SCHEMA_VALIDATION\./],
  ])('SyncOption.of(%j) carries its problem, reported at synth with the list, the index and the value', (option, message) => {
    const error = synthError({ extraSyncOptions: [SyncOption.PRUNE_LAST, SyncOption.of(option)] });
    expect(error).toContain(`extraSyncOptions[1] `);
    expect(error).toContain(`got ${JSON.stringify(option)}; allowed: an Argo CD sync option written Key=value`);
    expect(error).toMatch(message);
  });

  test('SyncOption.of with a value that is not a string (from JavaScript) carries its problem', () => {
    expect(synthError({ extraSyncOptions: [SyncOption.of(123 as unknown as string)] })).toContain('extraSyncOptions[0] must be a string, got 123;');
  });

  test('a well-formed SyncOption.of carries no problem', () => {
    expect(SyncOption.of('SkipDryRunOnMissingResource=true')._problems).toEqual([]);
    expect(SyncOption.of('Delete=confirm')._problems).toEqual([]);
  });

  test('every problem of both lists is reported in one error', () => {
    const error = synthError({ syncOptions: [SyncOption.of('Replace=true')], extraSyncOptions: [SyncOption.PRUNE_LAST, SyncOption.of('x')] });
    expect(error).toContain('syncOptions[0] replaces whole objects');
    expect(error).toContain('extraSyncOptions[1] is not written Key=value, got "x"');
  });

  test('a plain string (from JavaScript) is reported with the property, the index and the constant or factory to use', () => {
    const near = synthError({ extraSyncOptions: ['createnamespace=true' as unknown as SyncOption] });
    expect(near).toMatch(
      /extraSyncOptions\[0\] must be a SyncOption, got "createnamespace=true"; allowed: a list of SyncOption values: SyncOption\.CREATE_NAMESPACE, .*, or SyncOption\.of\("Key=value"\)\. Fix: use SyncOption\.CREATE_NAMESPACE\./,
    );
    const other = synthError({ syncOptions: ['SkipDryRunOnMissingResource=true' as unknown as SyncOption] });
    expect(other).toContain('syncOptions[0] must be a SyncOption, got "SkipDryRunOnMissingResource=true"');
    expect(other).toContain('Fix: use SyncOption.of("SkipDryRunOnMissingResource=true").');
    expect(synthError({ syncOptions: ['PruneLast=true' as unknown as SyncOption] })).toContain('Fix: use SyncOption.PRUNE_LAST.');
    expect(synthError({ syncOptions: ['PrunePropagationPolicy=orphan' as unknown as SyncOption] })).toContain('Fix: set prunePropagationPolicy (PrunePropagationPolicy.FOREGROUND, BACKGROUND or ORPHAN) instead.');
  });

  test('can configure retry limit and backoff with Durations', () => {
    const app = render({
      retryLimit: 10,
      retryBackoff: Duration.seconds(30),
      retryBackoffFactor: 3,
      retryBackoffMax: Duration.hours(1),
    });
    expect(app.spec.syncPolicy.retry).toEqual({
      limit: 10,
      backoff: { duration: '30s', factor: 3, maxDuration: '1h' },
    });
  });

  test('backoff durations render in the largest whole unit', () => {
    const app = render({ retryBackoff: Duration.seconds(90), retryBackoffMax: Duration.minutes(120) });
    expect(app.spec.syncPolicy.retry.backoff).toEqual({ duration: '90s', factor: 2, maxDuration: '2h' });
  });

  test('retryLimit 0 renders no retry block', () => {
    expect(render({ retryLimit: 0 }).spec.syncPolicy.retry).toBeUndefined();
  });

  test('can configure background cascade deletion', () => {
    expect(render({ cascadeDeletion: CascadeDeletion.BACKGROUND }).metadata.finalizers).toEqual([
      'resources-finalizer.argocd.argoproj.io/background',
    ]);
  });

  test('can configure no cascade deletion: no finalizers', () => {
    expect(render({ cascadeDeletion: CascadeDeletion.NONE }).metadata.finalizers).toBeUndefined();
  });

  test('can configure extra labels; they cannot override the library labels', () => {
    const app = render({
      labels: { 'team': 'web', 'app.kubernetes.io/name': 'other', 'app.kubernetes.io/managed-by': 'me' },
    });
    expect(app.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-zero-downtime',
      'app.kubernetes.io/name': 'site',
      'team': 'web',
    });
    expect(app.metadata.labels['app.kubernetes.io/instance']).toBeUndefined();
  });

  test('exposes the Application object as apiObject and node.defaultChild', () => {
    const chart = freshChart();
    const site = new ArgoCdApplication(chart, 'site', BASE);
    expect(site.apiObject.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(site.apiObject.kind).toBe('Application');
    expect(site.node.defaultChild).toBe(site.apiObject);
    expect(site.name).toBe('site');
    expect(site.apiObject.name).toBe('site');
  });

  test('the escape hatch patches the manifest spelling, and reaches fields the construct does not render', () => {
    const chart = freshChart();
    const site = new ArgoCdApplication(chart, 'site', BASE);
    ApiObject.of(site.apiObject).addJsonPatch(
      JsonPatch.replace('/spec/source/repoURL', 'https://example.com/other.git'),
      JsonPatch.add('/spec/ignoreDifferences', [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]),
    );
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.source.repoURL).toBe('https://example.com/other.git');
    expect(spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }]);
  });

  test.each([
    'https://github.com/example/sites.git',
    'https://user@git.example.com:8443/team/sites',
    'ssh://git@github.com/example/sites.git',
    'ssh://git@git.example.com:2222/team/sites.git',
    'git@github.com:example/sites.git',
  ])('accepts repoUrl %s', (repoUrl) => {
    expect(render({ repoUrl }).spec.source.repoURL).toBe(repoUrl);
  });

  test.each(['.', 'dist', 'deploy/dist', 'dist/'])('accepts path %s', (path) => {
    expect(render({ path }).spec.source.path).toBe(path);
  });
});

describe('ArgoCdApplication strict schema (Argo CD Application CRD)', () => {
  test('the default Application passes', () => {
    expect(validateManifest(render())).toEqual([]);
  });

  test('every option on passes (destination by server)', () => {
    const app = render({
      name: 'gethue-prod',
      applicationNamespace: 'gitops',
      project: 'websites',
      targetRevision: 'v1.2.3',
      destinationServer: 'https://10.0.0.1:6443',
      recurse: true,
      include: '{gethue.k8s.yaml,docs.k8s.yaml}',
      exclude: '*.test.yaml',
      syncMode: SyncMode.automated({ prune: true, selfHeal: true, allowEmpty: true }),
      syncOptions: SyncOption.known(),
      prunePropagationPolicy: PrunePropagationPolicy.ORPHAN,
      retryLimit: 10,
      retryBackoff: Duration.seconds(30),
      retryBackoffFactor: 3,
      retryBackoffMax: Duration.hours(1),
      cascadeDeletion: CascadeDeletion.BACKGROUND,
      labels: { team: 'web' },
    });
    // Every optional block is there, so the check covers every field the construct renders.
    expect(app.spec.source.directory).toEqual({ recurse: true, include: '{gethue.k8s.yaml,docs.k8s.yaml}', exclude: '*.test.yaml' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: true });
    expect(app.spec.syncPolicy.syncOptions).toHaveLength(7 + 1); // the 7 constants and the prune propagation policy
    expect(app.spec.syncPolicy.retry.backoff).toEqual({ duration: '30s', factor: 3, maxDuration: '1h' });
    expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/background']);
    expect(validateManifest(app)).toEqual([]);
  });

  test.each<[string, Partial<ArgoCdApplicationProps>]>([
    ['destination by cluster name', { destinationName: 'prod-eu' }],
    ['manual sync', { syncMode: SyncMode.manual() }],
    ['automated sync with every flag off (empty automated block)', { syncMode: SyncMode.automated({ prune: false, selfHeal: false }) }],
    ['no syncPolicy at all', { syncMode: SyncMode.manual(), syncOptions: [], retryLimit: 0 }],
    ['no finalizer', { cascadeDeletion: CascadeDeletion.NONE }],
  ])('passes with %s', (_, props) => {
    expect(validateManifest(render(props))).toEqual([]);
  });
});

describe('ArgoCdApplication validation', () => {
  const GIT_ALLOWED = 'allowed: https://host/path, ssh://host/path or git@host:path.';
  const PATH_ALLOWED = 'allowed: a directory relative to the repository root, such as "dist" (or "." for the root).';
  const SUBDOMAIN_ALLOWED =
    "allowed: at most 253 characters: dot-separated parts of lowercase letters, digits and '-', each starting and ending with a letter or digit (RFC 1123 subdomain).";
  const LABEL_ALLOWED =
    "allowed: at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label).";
  const BACKOFF_ALLOWED = 'allowed: Duration.seconds(n), Duration.minutes(n), ... of 1 second or more. Fix: round it to whole seconds, e.g. Duration.seconds(5).';

  test('throws if repoUrl is empty', () => {
    expect(synthError({ repoUrl: '' })).toBe(failed(
      `[test/site] repoUrl must not be empty, got ""; ${GIT_ALLOWED} Fix: set the clone URL of the repository that holds the rendered manifests.`,
    ));
  });

  test.each([
    'github.com/example/sites',
    'http://github.com/example/sites.git',
    'https://github.com',
    '/srv/git/sites.git',
    'https://github.com/example/my sites.git',
  ])('throws if repoUrl is not a Git clone URL: %s', (repoUrl) => {
    expect(synthError({ repoUrl })).toBe(failed(
      `[test/site] repoUrl must be a Git clone URL, got ${JSON.stringify(repoUrl)}; ${GIT_ALLOWED} ` +
        'Fix: use the clone URL shown by your Git host, e.g. "https://github.com/example/sites.git".',
    ));
  });

  test('throws if path is empty', () => {
    expect(synthError({ path: '' })).toBe(failed(
      `[test/site] path must not be empty, got ""; ${PATH_ALLOWED} Fix: use "." for the repository root.`,
    ));
  });

  test('throws if path is absolute', () => {
    expect(synthError({ path: '/dist' })).toBe(failed(
      `[test/site] path must be relative to the repository root, got "/dist"; ${PATH_ALLOWED} Fix: remove the leading '/': "dist".`,
    ));
  });

  test('throws if path leaves the repository', () => {
    expect(synthError({ path: 'deploy/../../dist' })).toBe(failed(
      `[test/site] path must not contain '..', got "deploy/../../dist"; ${PATH_ALLOWED} Fix: point at a directory inside the repository.`,
    ));
  });

  test('throws if both destinationServer and destinationName are set', () => {
    expect(synthError({ destinationServer: 'https://kubernetes.default.svc', destinationName: 'prod' })).toBe(failed(
      '[test/site] destinationName cannot be combined with destinationServer, got "prod"; ' +
        'allowed: either destinationServer or destinationName. ' +
        'Fix: remove destinationServer ("https://kubernetes.default.svc") or destinationName.',
    ));
  });

  test('throws if destinationName is empty', () => {
    expect(synthError({ destinationName: '' })).toBe(failed(
      '[test/site] destinationName must not be empty, got ""; allowed: the name of a cluster registered in Argo CD. ' +
        'Fix: set the cluster name, or leave destinationName unset for the in-cluster server.',
    ));
  });

  test('throws if destinationServer is not a URL', () => {
    expect(synthError({ destinationServer: 'kubernetes.default.svc' })).toBe(failed(
      '[test/site] destinationServer must be an API server URL, got "kubernetes.default.svc"; ' +
        'allowed: an http(s) URL such as "https://kubernetes.default.svc". Fix: use the server URL of a cluster registered in Argo CD.',
    ));
  });

  test.each([[-1, 'must be at least 0'], [1.5, 'must be an integer']])('throws if retryLimit is %s', (retryLimit, problem) => {
    expect(synthError({ retryLimit })).toBe(failed(
      `[test/site] retryLimit ${problem}, got ${retryLimit}; allowed: an integer from 0 to 2147483647. Fix: use an integer from 0 to 2147483647.`,
    ));
  });

  test('throws if retryBackoff is not whole seconds', () => {
    expect(synthError({ retryBackoff: Duration.millis(1500) })).toBe(failed(
      `[test/site] retryBackoff must be a whole number of seconds, got "1.5s"; ${BACKOFF_ALLOWED}`,
    ));
  });

  test('throws if retryBackoffMax is zero', () => {
    expect(synthError({ retryBackoff: Duration.seconds(1), retryBackoffMax: Duration.seconds(0) })).toBe(failed(
      `[test/site] retryBackoffMax must be at least 1s, got "0s"; ${BACKOFF_ALLOWED}`,
      '[test/site] retryBackoffMax must not be shorter than retryBackoff (1s), got "0s"; ' +
        'allowed: a duration of at least 1s. Fix: raise retryBackoffMax or lower retryBackoff.',
    ));
  });

  test.each([[0, 'must be at least 1'], [1.5, 'must be an integer']])('throws if retryBackoffFactor is %s', (retryBackoffFactor, problem) => {
    expect(synthError({ retryBackoffFactor })).toBe(failed(
      `[test/site] retryBackoffFactor ${problem}, got ${retryBackoffFactor}; allowed: an integer from 1 to 2147483647. Fix: use an integer from 1 to 2147483647.`,
    ));
  });

  test('throws if retryBackoffMax is shorter than retryBackoff', () => {
    expect(synthError({ retryBackoff: Duration.minutes(5), retryBackoffMax: Duration.minutes(1) })).toBe(failed(
      '[test/site] retryBackoffMax must not be shorter than retryBackoff (300s), got "60s"; ' +
        'allowed: a duration of at least 300s. Fix: raise retryBackoffMax or lower retryBackoff.',
    ));
  });

  test('does not check the backoff when retries are off', () => {
    expect(render({ retryLimit: 0, retryBackoffFactor: 0 }).spec.syncPolicy.retry).toBeUndefined();
  });

  test('throws if name is not an RFC 1123 subdomain', () => {
    expect(synthError({ name: 'My_Site' })).toBe(failed(
      `[test/site] name must be lowercase, got "My_Site"; ${SUBDOMAIN_ALLOWED} Fix: use "my-site".`,
    ));
  });

  test('throws if the construct id used as name is not an RFC 1123 subdomain', () => {
    expect(synthError({}, 'GetHue')).toBe(failed(
      `[test/GetHue] name must be lowercase, got "GetHue"; ${SUBDOMAIN_ALLOWED} ` +
        'Fix: the name defaults to the construct id: set name, or use the construct id "gethue".',
    ));
  });

  test('accepts an uppercase construct id with an explicit name', () => {
    expect(render({ name: 'gethue' }, 'GetHue').metadata.name).toBe('gethue');
  });

  test('throws if name is longer than 253 characters', () => {
    const name = 'a'.repeat(254);
    expect(synthError({ name })).toBe(failed(
      `[test/site] name is 254 characters long, more than 253, got "${name}"; ${SUBDOMAIN_ALLOWED} Fix: use "${'a'.repeat(253)}".`,
    ));
  });

  test('throws if applicationNamespace is not an RFC 1123 label (once, not again as a rule finding)', () => {
    expect(synthError({ applicationNamespace: 'argo.cd' })).toBe(failed(
      `[test/site] applicationNamespace may only contain lowercase letters, digits and '-', got "argo.cd"; ${LABEL_ALLOWED} Fix: use "argo-cd".`,
    ));
  });

  test('throws if project is not an RFC 1123 subdomain', () => {
    expect(synthError({ project: 'Web Sites' })).toBe(failed(
      `[test/site] project must be lowercase, got "Web Sites"; ${SUBDOMAIN_ALLOWED} Fix: use "web-sites".`,
    ));
  });

  test('throws if destinationNamespace is not an RFC 1123 label', () => {
    expect(synthError({ destinationNamespace: 'web_site' })).toBe(failed(
      `[test/site] destinationNamespace may only contain lowercase letters, digits and '-', got "web_site"; ${LABEL_ALLOWED} Fix: use "web-site".`,
    ));
  });

  test('throws with every problem of the synth at once, each with its construct path', () => {
    const chart = freshChart();
    new ArgoCdApplication(chart, 'one', { ...BASE, repoUrl: '', path: '/dist' });
    new ArgoCdApplication(chart, 'two', { ...BASE, retryLimit: -1 });
    expect(synthErrorOf(chart)).toBe(failed(
      `[test/one] repoUrl must not be empty, got ""; ${GIT_ALLOWED} Fix: set the clone URL of the repository that holds the rendered manifests.`,
      `[test/one] path must be relative to the repository root, got "/dist"; ${PATH_ALLOWED} Fix: remove the leading '/': "dist".`,
      '[test/two] retryLimit must be at least 0, got -1; allowed: an integer from 0 to 2147483647. Fix: use an integer from 0 to 2147483647.',
    ));
  });
});
