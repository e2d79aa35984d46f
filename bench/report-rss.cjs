'use strict';
/**
 * Preloaded by `bench/run.mjs` into every Node process of a measured run
 * (`NODE_OPTIONS=--require bench/report-rss.cjs`, which tsx and ts-node pass on to the processes they
 * start). When the process exits it appends one JSON line to `$BENCH_RSS_FILE`: its own peak resident
 * set size (`process.resourceUsage().maxRSS`, getrusage ru_maxrss, in KiB) and its CPU time.
 *
 * Why not `/usr/bin/time -f %M`: GNU time is not installed everywhere (CI images), and reading
 * `/proc/<pid>/status` (VmHWM) from outside races with the exit. The process's own getrusage at exit is
 * exact and needs nothing but Node. It does not see non-Node helpers (e.g. the esbuild binary tsx may
 * start to transform a file that is not in its cache); those are separate processes with their own RSS.
 *
 * Does nothing when BENCH_RSS_FILE is unset. Never throws: a benchmark must not change what it measures.
 */
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      const line = {
        pid: process.pid,
        ppid: process.ppid,
        maxRssKiB: u.maxRSS,
        userMicros: u.userCPUTime,
        systemMicros: u.systemCPUTime,
      };
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      /* best effort */
    }
  });
}
