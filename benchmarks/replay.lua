-- wrk script: replay pre-generated, signed webhook requests (benchmarks/webhooks.py writes them).
--   wrk ... -s benchmarks/replay.lua URL -- REQUESTS_FILE THREADS
-- REQUESTS_FILE has one request a line: PATH <tab> X-Twilio-Signature <tab> form body.
-- Thread k of n sends lines k, k+n, k+2n ... so no two threads send the same call; a thread that
-- runs out starts its share again; `repeated` counts the requests sent a second time.
-- An answer counts as `bad` unless it is HTTP 200 with an X-Hotline-Node header: the hotline
-- answers a failing webhook with a 200 apology that has no such header.
-- done() prints one line "BENCH_JSON {...}" with exact figures (latencies in microseconds).

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path, count = args[1], tonumber(args[2])
  queue, position, sent, bad = {}, 0, 0, 0
  local line_number = 0
  for line in io.lines(path) do
    if line_number % count == index then
      local target, signature, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      queue[#queue + 1] = wrk.format("POST", target, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body)
    end
    line_number = line_number + 1
  end
  if #queue == 0 then
    error("no requests for thread " .. index .. " in " .. path)
  end
  distinct = #queue
end

function request()
  position, sent = position % distinct + 1, sent + 1
  return queue[position]
end

function response(status, headers, body)
  if status ~= 200 or headers["X-Hotline-Node"] == nil then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad, repeated, total_distinct = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    repeated = repeated + math.max(0, thread:get("sent") - thread:get("distinct"))
    total_distinct = total_distinct + thread:get("distinct")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "status": %d}, "bad_answers": %d, "repeated": %d, ' ..
    '"distinct_requests": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, total_bad, repeated, total_distinct))
end
