import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The one cache of an app's renders (each API object's `toJson()`) and of what is computed from them
 * (the rule findings), with one invalidation rule: **any call that changes what an API object renders
 * starts a new generation, and everything computed in an older generation is computed again.**
 *
 * The calls that change a render are the mutating methods cdk8s gives an `ApiObject`: `addJsonPatch`,
 * `addPatchAfterSchemaFilter`, and `metadata.add`, `addLabel`, `addAnnotation`, `addFinalizers`,
 * `addOwnerReference`. `ApiObject.of(x)` returns the same object, so its calls are seen too. The
 * library's objects are cdk8s L1 objects whose props are fixed when they are built, so nothing else
 * changes them. Every object of the app a render or a check depends on is watched (`watch`): a change
 * to any of them starts a new generation for the whole app (renders are cheap to redo; a stale finding
 * is a wrong synth).
 *
 * Why a cache at all: cdk8s validates the whole app once per chart it renders, and every
 * `ZeroDowntimeWebsite` asks for the findings of the app during validation; without the cache an app
 * of C charts would render and check its objects C + 1 times per synth. With it, once per generation:
 * a second `synth()` or `Testing.synth()` of an unchanged app renders nothing again for the checks,
 * and one that follows a patch sees the patch. The synth itself renders nothing twice either: a watched
 * object's `toJson()` (what cdk8s's `chart.toJson()` calls to write it) hands over the render the checks
 * made in this generation, once; the cache then lets go of it.
 *
 * The methods are replaced on the objects' classes, once per class (`watchClass`), never on the
 * objects: an app holds thousands of objects of a handful of classes, and an object whose own
 * properties are redefined is slower to read ever after.
 */
export class RenderCache {
  /** The cache of the app `scope` belongs to. */
  public static of(scope: IConstruct): RenderCache {
    const root = scope.node.root;
    let cache = caches.get(root);
    if (!cache) caches.set(root, (cache = new RenderCache()));
    return cache;
  }

  /** Bumped by every call that changes a watched object's render. */
  private generationCount = 0;
  private readonly renders = new Map<ApiObject, { readonly generation: number; readonly json: unknown }>();
  private readonly memos = new Map<string, { readonly generation: number; readonly value: unknown }>();

  private constructor() {}

  /** The current generation: equal numbers mean no watched object changed in between. */
  public get generation(): number {
    return this.generationCount;
  }

  /** Starts watching `object`'s mutating methods (once per object); a new object is itself a change. */
  public watch(object: ApiObject): void {
    if (owners.has(object)) return;
    owners.set(object, this);
    owners.set(object.metadata, this);
    this.generationCount++;
    watchClass(object);
  }

  /**
   * `object.toJson()`, rendered once per generation. The JSON is shared with every caller in this
   * generation: callers read it and never change it. A render that throws (bad input its owner reports,
   * a broken escape-hatch patch synth reports) is `undefined`.
   */
  public render(object: ApiObject): unknown {
    const hit = this.renders.get(object);
    if (hit && hit.generation === this.generationCount) return hit.json;
    let json: unknown;
    try {
      json = ownRender(object).call(object);
    } catch {
      json = undefined;
    }
    this.renders.set(object, { generation: this.generationCount, json });
    return json;
  }

  /** The render of `object` in this generation, if it was rendered already (nothing is rendered now). */
  public renderedNow(object: ApiObject): unknown {
    const hit = this.renders.get(object);
    return hit && hit.generation === this.generationCount ? hit.json : undefined;
  }

  /** A watched object's render method changed it (`addJsonPatch`, `metadata.addLabel`...). @internal */
  public _changed(): void {
    this.generationCount++;
  }

  /**
   * The render of `object` in this generation, handed over to a `toJson()` caller (the synth writing
   * it): the cache lets go of it, so that whatever the caller does with the JSON never reaches another
   * caller; a later `toJson()` or `render()` renders anew. Undefined when there is none. @internal
   */
  public _handOff(object: ApiObject): unknown {
    const hit = this.renders.get(object);
    if (!hit || hit.generation !== this.generationCount) return undefined;
    this.renders.delete(object);
    return hit.json;
  }

  /** `compute()`, once per generation for `key`. */
  public memo<T>(key: string, compute: () => T): T {
    const hit = this.memos.get(key);
    if (hit && hit.generation === this.generationCount) return hit.value as T;
    const value = compute();
    this.memos.set(key, { generation: this.generationCount, value });
    return value;
  }
}

/** `ApiObject` methods that change its render. */
const OBJECT_MUTATORS = ['addJsonPatch', 'addPatchAfterSchemaFilter'];
/** `ApiObjectMetadataDefinition` methods that change its render. */
const METADATA_MUTATORS = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'];

const caches = new WeakMap<IConstruct, RenderCache>();

/** The cache of each watched object and of its metadata. */
const owners = new WeakMap<object, RenderCache>();

/** The original of a method `watchClass` replaced. */
const ORIGINAL = Symbol('cdk8s-zero-downtime.render-cache.original');

/**
 * Replaces, once per class, the mutating methods of `object`'s class and of its metadata's class, and
 * its class's `toJson`, with ones that ask the object's cache first (a change starts a new generation;
 * `toJson()` takes the render of this generation). On an object no cache watches they do what they
 * did. Once per class, not per object: an app holds thousands of objects of a handful of classes.
 */
function watchClass(object: ApiObject): void {
  const wrap = (proto: any, name: string, make: (original: Function) => Function): void => {
    const original = proto[name];
    if (typeof original !== 'function' || original[ORIGINAL] !== undefined) return; // absent, or replaced already
    const replacement = make(original);
    Object.defineProperty(replacement, ORIGINAL, { value: original });
    Object.defineProperty(proto, name, { value: replacement, configurable: true, writable: true, enumerable: false });
  };
  const changing = (original: Function) =>
    function (this: object, ...args: unknown[]) {
      owners.get(this)?._changed();
      return original.apply(this, args);
    };
  const objectClass = Object.getPrototypeOf(object);
  for (const name of OBJECT_MUTATORS) wrap(objectClass, name, changing);
  for (const name of METADATA_MUTATORS) wrap(Object.getPrototypeOf(object.metadata), name, changing);
  // The synth's own render (cdk8s's `chart.toJson()`) takes the render the checks made in this
  // generation instead of rendering the object again.
  wrap(objectClass, 'toJson', (original) =>
    function (this: ApiObject) {
      const json = owners.get(this)?._handOff(this);
      return json !== undefined ? json : original.call(this);
    },
  );
}

/** `object`'s class's own `toJson`, not the one `watchClass` put in front of it. */
function ownRender(object: ApiObject): () => unknown {
  const toJson = object.toJson as (() => unknown) & { [ORIGINAL]?: () => unknown };
  return toJson[ORIGINAL] ?? toJson;
}
