-- twain-bench's wrk script: optional think time between requests
-- (TWAIN_BENCH_DELAY_MS), optional pipelining (TWAIN_BENCH_PIPELINE
-- requests written at once, as TFB's plaintext test does), and one
-- machine-readable result line at the end.
local delay_ms = tonumber(os.getenv("TWAIN_BENCH_DELAY_MS") or "0") or 0
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

local depth = tonumber(os.getenv("TWAIN_BENCH_PIPELINE") or "1") or 1
if depth > 1 then
  local batch
  function init(args)
    local one = wrk.format()
    batch = string.rep(one, depth)
  end
  function request()
    return batch
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "twain-bench: requests=%.0f duration_us=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f"
      .. " connect=%.0f read=%.0f write=%.0f status=%.0f timeout=%.0f\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
