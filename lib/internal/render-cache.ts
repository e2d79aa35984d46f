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
  private readonly watched = new WeakSet<ApiObject>();
  private readonly renders = new Map<ApiObject, { readonly generation: number; readonly json: unknown }>();
  /** Each watched object's own `toJson` (its class's), which `watch` replaces. */
  private readonly originals = new WeakMap<ApiObject, () => unknown>();
  private readonly memos = new Map<string, { readonly generation: number; readonly value: unknown }>();

  private constructor() {}

  /** The current generation: equal numbers mean no watched object changed in between. */
  public get generation(): number {
    return this.generationCount;
  }

  /** Starts watching `object`'s mutating methods (once per object); a new object is itself a change. */
  public watch(object: ApiObject): void {
    if (this.watched.has(object)) return;
    this.watched.add(object);
    this.generationCount++;
    const bump = (target: any, name: string): void => {
      const previous = target[name];
      if (typeof previous !== 'function') return;
      const cache = this;
      Object.defineProperty(target, name, {
        value: function (this: unknown, ...args: unknown[]) {
          cache.generationCount++;
          return previous.apply(this, args);
        },
        configurable: true,
        writable: true,
        enumerable: false,
      });
    };
    for (const name of OBJECT_MUTATORS) bump(object, name);
    for (const name of METADATA_MUTATORS) bump(object.metadata, name);
    // The synth's own render (cdk8s's `chart.toJson()`) takes the render the checks made in this
    // generation instead of rendering the object again.
    const toJson = object.toJson;
    this.originals.set(object, toJson);
    const cache = this;
    Object.defineProperty(object, 'toJson', {
      value: function (this: ApiObject) {
        const json = cache.handOff(object);
        return json !== undefined ? json : toJson.call(this);
      },
      configurable: true,
      writable: true,
      enumerable: false,
    });
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
      json = (this.originals.get(object) ?? object.toJson).call(object);
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

  /**
   * The render of `object` in this generation, handed over to a `toJson()` caller (the synth writing
   * it): the cache lets go of it, so that whatever the caller does with the JSON never reaches another
   * caller; a later `toJson()` or `render()` renders anew. Undefined when there is none.
   */
  private handOff(object: ApiObject): unknown {
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
