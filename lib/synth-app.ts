import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RenderCache } from './internal/render-cache';
import { stringifyManifests, yamlSaveIsStringifyManifests } from './internal/yaml-output';

/**
 * A cdk8s `App` whose `synth()` writes exactly what `App.synth()` writes (same files, same names, same
 * order, same bytes), in time linear in the number of charts.
 *
 * Why: cdk8s renders each chart with `Chart.toJson()`, which prepares and validates the *whole* app
 * again before rendering that one chart (`App._synthChart`), so `App.synth()` does the whole app's
 * work once per chart: quadratic. A platform app with one chart per site pays seconds for hundreds
 * of charts and minutes for thousands. This `synth()` validates the app once, resolves the chart and
 * object dependencies once, then writes each chart's objects in dependency order, as `App.synth` does
 * (`Yaml.save`: each object's YAML, joined with `---`). Each object is also rendered and serialised
 * only once: the library's own validation renders the objects it checks, and their YAML is kept for
 * the files. test/synth-app.test.ts checks the bytes against `App.synth()`.
 *
 * Validation errors are the error cdk8s throws (`Validation failed with the following errors: ...`),
 * thrown before any file is written. An output type this class does not know is written by
 * `App.synth()`; charts that override `toJson()` are rendered with their own `toJson()`.
 *
 * @example
 * const app = new ZeroDowntimeApp(); // instead of new App(): same props
 * new MySites(app, 'sites');
 * app.synth();
 */
export class ZeroDowntimeApp extends App {
  /**
   * `ZeroDowntimeApp`'s `synth()` for an `App` created with `new App()`: writes exactly what
   * `app.synth()` writes, validating the app once instead of once per chart. An app whose class
   * overrides `synth()` is written by its own `synth()`.
   *
   * @example
   * const app = new App();
   * new MySites(app, 'sites');
   * ZeroDowntimeApp.synthApp(app); // instead of app.synth()
   */
  public static synthApp(app: App): void {
    synthApp(app);
  }

  constructor(props: AppProps = {}) {
    super(props);
  }

  /** Writes every chart as `App.synth()` does, byte for byte, validating the app once. */
  public synth(): void {
    writeApp(this);
  }
}

/** `ZeroDowntimeApp.synthApp(app)`. */
export function synthApp(app: App): void {
  const own = app instanceof ZeroDowntimeApp ? ZeroDowntimeApp.prototype.synth : App.prototype.synth;
  if (app.synth !== own) app.synth();
  else writeApp(app);
}

function writeApp(app: App): void {
  if (!KNOWN_OUTPUT_TYPES.has(app.yamlOutputType)) {
    App.prototype.synth.call(app);
    return;
  }
  fs.mkdirSync(app.outdir, { recursive: true });

  // Every construct of the app, found once (cdk8s's SynthRequestCache, shared by both steps).
  const cache = new Map<IConstruct, IConstruct[]>();
  const findAll = (c: IConstruct): IConstruct[] => {
    let all = cache.get(c);
    if (!all) cache.set(c, (all = c.node.findAll()));
    return all;
  };

  // The library's validation renders every object it checks; keep its YAML for the files, unless the
  // files are named after rendered fields (FILE_PER_RESOURCE) or the YAML writer was replaced.
  const keep = app.yamlOutputType !== YamlOutputType.FILE_PER_RESOURCE && yamlSaveIsStringifyManifests();
  const renders = keepRenders(app, findAll(app).filter((c): c is ApiObject => c instanceof ApiObject));
  // As App.synth: validate, then resolve dependencies, both once for the whole app.
  validate(app, findAll);
  writeCharts(app, resolveDependencies(app, findAll), keep ? renders : undefined);

  const internals = app as unknown as { recordConstructMetadata?: boolean; writeConstructMetadata?: (objects: ApiObject[]) => void };
  if (internals.recordConstructMetadata && typeof internals.writeConstructMetadata === 'function') {
    internals.writeConstructMetadata.call(app, app.charts.flatMap(chartToKube));
  }
}

/**
 * App.synth's writing step, every output type, with `chartJson` instead of `chart.toJson()`; with
 * `renders`, the YAML of each object is the one kept from validation (`Yaml.save` joins the documents'
 * YAML with `---`, so the bytes are the same).
 */
function writeCharts(app: App, hasDependantCharts: boolean, renders: Renders | undefined): void {
  const charts = app.charts;
  const ext = app.outputFileExtension;
  const ownJson = (chart: Chart) => chart.toJson === Chart.prototype.toJson;
  const save = (file: string, chart: Chart) => {
    if (renders && ownJson(chart)) fs.writeFileSync(file, chartToKube(chart).map((o) => renders.yaml(o)).join('---\n'), { encoding: 'utf8' });
    else Yaml.save(file, chartJson(chart));
  };

  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      if (charts.length === 0) break;
      const file = path.join(app.outdir, `app${ext}`);
      if (renders && charts.every(ownJson)) {
        fs.writeFileSync(file, charts.flatMap((chart) => chartToKube(chart).map((o) => renders.yaml(o))).join('---\n'), { encoding: 'utf8' });
      } else {
        Yaml.save(file, charts.flatMap((chart) => chartJson(chart)));
      }
      break;
    }
    case YamlOutputType.FILE_PER_CHART: {
      const name = chartNamer(hasDependantCharts);
      for (const chart of charts) save(path.join(app.outdir, `${name(chart)}${ext}`), chart);
      break;
    }
    case YamlOutputType.FILE_PER_RESOURCE: {
      for (const chart of charts) {
        for (const object of chartJson(chart)) {
          if (object !== undefined) Yaml.save(path.join(app.outdir, `${resourceFileName(object)}${ext}`), [object]);
        }
      }
      break;
    }
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
      const name = chartNamer(hasDependantCharts);
      for (const chart of charts) {
        const dir = path.join(app.outdir, name(chart));
        fs.mkdirSync(dir, { recursive: true });
        for (const object of chartToKube(chart)) {
          const file = path.join(dir, `${resourceFileName(object)}${ext}`);
          if (renders) fs.writeFileSync(file, renders.yaml(object), { encoding: 'utf8' });
          else Yaml.save(file, [object.toJson()]);
        }
      }
      break;
    }
  }
}

/** The YAML of API objects, rendered once per synth. */
interface Renders {
  /** `Yaml.stringify(object.toJson())`: from the render validation made in this generation, else rendered now. */
  yaml(object: ApiObject): string;
}

/**
 * Renders each object once instead of twice: the library's own validation renders every object it
 * checks into the app's `RenderCache` (lib/internal/render-cache.ts); `yaml(object)` serialises that
 * render when it is still of the current generation, else renders the object now. Every object of the
 * app is watched, so a JSON patch or a metadata change on any of them during validation (a construct
 * whose validation has side effects) starts a new generation and its effect is written.
 */
function keepRenders(app: App, objects: readonly ApiObject[]): Renders {
  const cache = RenderCache.of(app);
  for (const object of objects) cache.watch(object);
  return {
    yaml: (object) => {
      const json = cache.renderedNow(object);
      return stringifyManifests(json !== undefined ? json : object.toJson());
    },
  };
}

const KNOWN_OUTPUT_TYPES = new Set<YamlOutputType>([
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
]);

/** cdk8s's `validate(app)`: every construct's validations, one error with every message. */
function validate(app: App, findAll: (c: IConstruct) => IConstruct[]): void {
  const errors: string[] = [];
  for (const child of findAll(app)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * cdk8s's `resolveDependencies(app)`: nested charts and construct dependencies across charts become
 * chart dependencies; construct dependencies become dependencies between their API objects.
 * @returns whether any chart depends on another (file names then get a `0000-` index)
 */
function resolveDependencies(app: App, findAll: (c: IConstruct) => IConstruct[]): boolean {
  let hasDependantCharts = false;
  const all = findAll(app);
  for (const parent of all.filter((x): x is Chart => x instanceof Chart)) {
    for (const child of parent.node.children.filter((x) => x instanceof Chart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const dependencies = () => all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const dep of dependencies()) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  for (const dep of dependencies()) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = findAll(dep.target).filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = findAll(dep.source).filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) source.node.addDependency(target);
      }
    }
  }
  return hasDependantCharts;
}

/** cdk8s's `chartToKube(chart)`: the chart's own API objects, in dependency order. */
function chartToKube(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((x): x is ApiObject => x instanceof ApiObject)
    .filter((x) => Chart.of(x) === chart);
}

/** What `chart.toJson()` returns, without validating the whole app again (unless the chart overrides it). */
function chartJson(chart: Chart): any[] {
  if (chart.toJson !== Chart.prototype.toJson) return Object.values(chart.toJson());
  return chartToKube(chart).map((o) => o.toJson());
}

/** cdk8s's chart file and folder names: the chart's DNS label, with a `0000-` index when charts depend on each other. */
function chartNamer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return (chart) => (indexed ? `${String(index++).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart));
}

function resourceFileName(object: { kind: string; metadata: { name?: string } } | any): string {
  return `${object.kind}.${object.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}
