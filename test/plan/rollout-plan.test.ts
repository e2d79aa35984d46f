import fc from 'fast-check';
import { isIntOrPercent } from '../../lib/internal/rollout-math';
import { MAX_REPLICAS, MAX_SIMULATED_WAVES, resolveFenceposts, simulateRecreate, simulateRollingUpdate } from '../../lib/plan/rollout-plan';
import { expectEqual } from '../support/expect-equal';

/*
 * The rollout arithmetic, checked against a model written here from the Kubernetes docs alone
 * (percentages of surge round up, of unavailable round down, defaults 25%, both 0 is refused; a
 * rolling update adds surge + unavailable new pods per wave) and against invariants every step of
 * the controller keeps. Integer arithmetic only, so the model cannot share a rounding bug with the code.
 */

type Spec = number | string;

interface Model {
  readonly refused: boolean;
  readonly surge: number;
  readonly unavailable: number;
}

function percent(v: string): number {
  return Number(v.slice(0, -1));
}

/** maxSurge/maxUnavailable as the docs describe them, in integers. */
function model(surgeSpec: Spec, unavailableSpec: Spec, replicas: number): Model {
  const declared = (v: Spec) => (typeof v === 'number' ? v : percent(v));
  if (declared(surgeSpec) === 0 && declared(unavailableSpec) === 0) return { refused: true, surge: 0, unavailable: 0 };
  const surge = typeof surgeSpec === 'number' ? surgeSpec : Math.floor((percent(surgeSpec) * replicas + 99) / 100);
  let unavailable = typeof unavailableSpec === 'number' ? unavailableSpec : Math.floor((percent(unavailableSpec) * replicas) / 100);
  if (surge === 0 && unavailable === 0) unavailable = 1; // the controller's fallback (ResolveFenceposts)
  return { refused: false, surge, unavailable: Math.min(unavailable, replicas) };
}

const replicasArb = fc.integer({ min: 1, max: 1000 });
/** Every form: 0%..100% (300% for surge, which may exceed 100%) and absolute counts. */
const surgeArb = fc.oneof(fc.integer({ min: 0, max: 300 }).map((p) => `${p}%`), fc.integer({ min: 0, max: 1200 }));
const unavailableArb = fc.oneof(fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`), fc.integer({ min: 0, max: 1200 }));

describe('isIntOrPercent: the one reading of an int-or-percent (fenceposts and budgets)', () => {
  test.each<[unknown, boolean]>([
    [0, true],
    [3, true],
    [MAX_REPLICAS + 1, true], // the int32 bound is the field's, not the shape's
    ['0%', true],
    ['25%', true],
    ['150%', true], // maxSurge may exceed 100%
    ['999999999%', true],
    ['1000000000%', false],
    [-1, false],
    [1.5, false],
    ['5', false],
    ['25 %', false],
    ['-5%', false],
    ['2.5%', false],
    [null, false],
    [undefined, false],
  ])('%p: %p', (value, expected) => {
    expect(isIntOrPercent(value)).toBe(expected);
  });
});

describe('resolveFenceposts', () => {
  test('matches the documented rounding for replicas 1..1000 and every percentage form', () => {
    fc.assert(
      fc.property(replicasArb, surgeArb, unavailableArb, (replicas, s, u) => {
        const expected = model(s, u, replicas);
        const got = resolveFenceposts(s, u, replicas);
        if (expected.refused) {
          expectEqual({ valid: got.valid }, { valid: false });
          return;
        }
        expectEqual(
          { valid: got.valid, surge: got.surge, unavailable: got.unavailable, movesPods: got.surge + got.unavailable > 0 },
          { valid: true, surge: expected.surge, unavailable: expected.unavailable, movesPods: true },
        );
      }),
      { numRuns: 300 },
    );
  });

  test('every percentage 0%..100% of every replica count 1..100, exhaustively', () => {
    const wrong: string[] = [];
    for (let replicas = 1; replicas <= 100; replicas++) {
      for (let p = 0; p <= 100; p++) {
        const got = resolveFenceposts(`${p}%`, `${p}%`, replicas);
        const exactTimes100 = p * replicas;
        const ok =
          p === 0
            ? !got.valid
            : got.valid &&
              got.surge * 100 >= exactTimes100 && // rounded up
              (got.surge - 1) * 100 < exactTimes100 &&
              (got.fallback
                ? got.unavailable === 1
                : got.unavailable * 100 <= exactTimes100 && (got.unavailable + 1) * 100 > exactTimes100); // rounded down
        if (!ok) wrong.push(`${p}% of ${replicas}: ${JSON.stringify(got)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each<[Spec, Spec, number, number, number]>([
    [1, 0, 3, 1, 0], // the demo app
    ['25%', '25%', 4, 1, 1], // the defaults
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['30%', '30%', 10, 3, 3],
    ['200%', 0, 3, 6, 0], // surge may exceed 100%
    [5, 10, 3, 5, 3], // unavailable is capped at replicas
  ])('maxSurge %p, maxUnavailable %p of %p replicas: surge %p, unavailable %p', (s, u, replicas, surge, unavailable) => {
    const got = resolveFenceposts(s, u, replicas);
    expect(got).toMatchObject({ valid: true, surge, unavailable });
  });

  test('both resolving to 0 without being 0: the controller takes 1 pod down at a time', () => {
    const got = resolveFenceposts(0, '10%', 3);
    expect(got).toMatchObject({ valid: true, fallback: true, surge: 0, unavailable: 1 });
    expect(got.problems.join(' ')).toMatch(/1 pod down at a time/);
  });

  test.each<[unknown, unknown, RegExp]>([
    [0, 0, /both 0: invalid, the API server refuses/],
    ['0%', '0%', /both 0: invalid/],
    [0, '0%', /both 0: invalid/],
    [-1, 1, /maxSurge -1 is not a whole number/],
    ['5', 1, /maxSurge "5" is not/],
    [1.5, 0, /maxSurge 1.5 is not/],
    [1, '101%', /above 100%/],
    [null, 1, /maxSurge null/],
    [{}, [], /is not a whole number/],
  ])('maxSurge %p, maxUnavailable %p: refused by the API server', (s, u, message) => {
    const got = resolveFenceposts(s, u, 3);
    expect(got.valid).toBe(false);
    expect(got.problems.join(' ')).toMatch(message);
  });
});

describe('simulateRollingUpdate', () => {
  test('waves, minAvailable and peakPods match the model; every step keeps the controller invariants', () => {
    fc.assert(
      fc.property(replicasArb, surgeArb, unavailableArb, (replicas, s, u) => {
        const m = model(s, u, replicas);
        fc.pre(!m.refused);
        const sim = simulateRollingUpdate(replicas, m.surge, m.unavailable);
        // invariants of every step
        const broken: string[] = [];
        let removed = 0;
        sim.steps.forEach((step, i) => {
          const before = sim.steps[i - 1];
          if (step.waits !== i) broken.push(`step ${i}: waits ${step.waits}`);
          if (step.old + step.new > replicas + m.surge) broken.push(`step ${i}: more than replicas + maxSurge pods`);
          if (step.available < replicas - m.unavailable) broken.push(`step ${i}: fewer than replicas - maxUnavailable available`);
          if (step.new > replicas || step.old < 0) broken.push(`step ${i}: counts out of range`);
          if (before && (step.new < before.new || step.old > before.old)) broken.push(`step ${i}: went backwards`);
          removed += step.removed;
        });
        const last = sim.steps[sim.steps.length - 1];
        expectEqual(
          {
            waves: sim.waves,
            atLeastOneWave: sim.waves >= 1,
            minAvailable: sim.minAvailable,
            peakPods: sim.peakPods,
            broken,
            steps: sim.steps.length,
            removed,
            last: last && { old: last.old, new: last.new, available: last.available },
          },
          {
            // the independent model: each wave makes surge + unavailable more new pods available
            waves: Math.ceil(replicas / (m.surge + m.unavailable)),
            atLeastOneWave: true,
            minAvailable: replicas - m.unavailable,
            peakPods: replicas + Math.min(m.surge, replicas),
            broken: [],
            steps: sim.waves + 1,
            removed: replicas,
            last: { old: 0, new: replicas, available: replicas },
          },
        );
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    // replicas, surge, unavailable -> waves, minAvailable, peakPods
    [3, 1, 0, 3, 3, 4], // demo app
    [4, 1, 1, 2, 3, 5], // 4 replicas, 25%/25%
    [10, 3, 2, 2, 8, 13], // 10 replicas, 25%/25%
    [1, 1, 0, 1, 1, 2],
    [2, 0, 1, 2, 1, 2],
  ])('%p replicas, surge %p, unavailable %p: %p waves, minAvailable %p, peakPods %p', (replicas, surge, unavailable, waves, minAvailable, peakPods) => {
    expect(simulateRollingUpdate(replicas, surge, unavailable)).toMatchObject({ waves, minAvailable, peakPods });
  });

  test("the docs' proportional-scaling example: 10 replicas, maxSurge 3, maxUnavailable 2 start with 5 new and 8 old pods", () => {
    const sim = simulateRollingUpdate(10, 3, 2);
    expect(sim.steps[0]).toMatchObject({ old: 8, new: 5, available: 8, removed: 2 });
  });

  test('the demo app step by step: one new pod per wave, one old pod removed once it is available', () => {
    expect(simulateRollingUpdate(3, 1, 0).steps.map((s) => [s.old, s.new, s.available, s.removed])).toEqual([
      [3, 1, 3, 0],
      [2, 2, 3, 1],
      [1, 3, 3, 1],
      [0, 3, 3, 1],
    ]);
  });

  test('0 replicas or both fenceposts 0: no wave', () => {
    expect(simulateRollingUpdate(0, 1, 0)).toMatchObject({ waves: 0, minAvailable: 0, peakPods: 0 });
    expect(simulateRollingUpdate(3, 0, 0)).toMatchObject({ waves: 0, minAvailable: 3, peakPods: 3 });
  });

  test('huge counts are exact without listing the steps', () => {
    const sim = simulateRollingUpdate(MAX_REPLICAS, 1, 0);
    expect(sim).toMatchObject({ waves: MAX_REPLICAS, minAvailable: MAX_REPLICAS, peakPods: MAX_REPLICAS + 1, steps: [] });
    expect(simulateRollingUpdate(MAX_SIMULATED_WAVES, 1, 0).steps).toHaveLength(MAX_SIMULATED_WAVES + 1);
  });

  test('odd numbers never throw', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.double(), (r, s, u) => {
        const sim = simulateRollingUpdate(r, s, u);
        expectEqual(Number.isInteger(sim.waves), true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('simulateRecreate', () => {
  test('every old pod goes first: 1 wave, nothing available in between', () => {
    fc.assert(
      fc.property(replicasArb, (replicas) => {
        const sim = simulateRecreate(replicas);
        const first = sim.steps[0];
        expectEqual(
          { waves: sim.waves, minAvailable: sim.minAvailable, peakPods: sim.peakPods, first: first && { old: first.old, new: first.new, removed: first.removed } },
          { waves: 1, minAvailable: 0, peakPods: replicas, first: { old: 0, new: 0, removed: replicas } },
        );
      }),
    );
  });
});
