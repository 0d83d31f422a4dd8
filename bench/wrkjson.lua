-- The one JSON line a wrk run prints for bench/run.py (latencies in microseconds), shared by
-- report.lua and mix.lua: wrkjson.write(summary, latency, extra) where extra is more
-- ', "key": value' pairs or nil.
local wrkjson = {}

function wrkjson.write(summary, latency, extra)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d, "mean": %.1f, "bytes": %d%s}\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    summary.bytes, extra or ""))
end

return wrkjson
