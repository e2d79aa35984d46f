/**
 * `cdk8s-zero-downtime verify`: requests at a fixed rate, on fresh and kept-alive connections, while
 * a rollout runs; a report of every dropped request. See docs/verify.md.
 */
export { UNKNOWN_VERSION, versionBreakdown, versionFailureFindings } from './by-version';
export type { AttributableSequence, VersionBreakdown, VersionResult } from './by-version';
export { classifyError, classifyStatus, FAILURE_CLASSES } from './classify';
export type { Failure, FailureClass } from './classify';
export { KILL_GRACE_MS, startDuringCommand } from './during-command';
export type { CommandOutcome, DuringCommand, DuringCommandIo } from './during-command';
export { formatDuration, parseDuration } from './duration';
export { CONNECTION_MODES, createAgents, KEEPALIVE_POOL_SIZE, MAX_BODY_BYTES, startProbe } from './http-probe';
export type { ConnectionMode, InFlightProbe, ProbeAgents, ProbeOutcome, ProbeSpec } from './http-probe';
export { LoadGenerator } from './load-generator';
export type { LoadGeneratorOptions } from './load-generator';
export { DEFAULT_GRACE_PERIOD_MS, parseVerifyOptions, requestBudget, TAIL_MARGIN_MS, tailForGracePeriod, tailReason, VERIFY_DEFAULTS, VERIFY_LIMITS } from './options';
export type { OutputFormat, ParsedVerifyOptions, RawVerifyOptions, TailOrigin, VerifyOptions } from './options';
export { longestOutage } from './outage';
export type { Outage, RequestSequence } from './outage';
export { PLAIN_INTERVAL_MS, ProgressDisplay, progressLine, TTY_REFRESH_MS } from './progress';
export type { ProgressSnapshot, ProgressStream } from './progress';
export { buildReport, formatJsonReport, formatTextReport } from './report';
export type { DuringReport, EndReason, ModeCounts, RunRecord, TailReport, VerifyReport } from './report';
export { MAX_ERROR_DETAILS, MAX_VERSIONS, modeOf, RequestLog } from './request-log';
export type { RequestState, RunningCounts } from './request-log';
export { runVerify } from './run-verify';
export type { VerifyRunIo } from './run-verify';
export { fmtPercent, judgeShare, MIN_EXPECTED_PER_SIDE, minSamplesFor, SHARE_CONFIDENCE, SHARE_Z, shareInterval } from './share';
export type { ExpectedShare, ShareResult, ShareVerdict } from './share';
export { percentile, summarizeLatency } from './stats';
export type { LatencySummary } from './stats';
export { TimerSet, whenAborted } from './timers';
export { makeVersionExtractor, MAX_VERSION_LENGTH } from './version-extractor';
export type { VersionExtractor } from './version-extractor';
export { MAX_LISTED_SWITCHES, versionTimeline } from './version-timeline';
export type { VersionedSequence, VersionSeen, VersionSwitch, VersionTimeline } from './version-timeline';
