-- wrk script of the submit benchmark (benchmarks/submit_bench.py).
-- wrk -s submit.lua URL -- <path> <sessions file> <body file> <csrf token>
-- Every request is one person's final survey POST: the same answers, a session of its own
-- (a person can submit once), taken in turn across threads so no session is used twice.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  target = args[1]
  sessions = {}
  for line in io.lines(args[2]) do table.insert(sessions, line) end
  local handle = io.open(args[3], "rb")
  body = handle:read("*a")
  handle:close()
  csrf = args[4]
  sent = 0
  stride = tonumber(args[5])
end

function request()
  local index = id + sent * stride + 1
  sent = sent + 1
  local session = sessions[index] or "exhausted"
  return wrk.format("POST", target, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
    ["Referer"] = "http://127.0.0.1/",
  }, body)
end

function done(summary, latency, requests)
  local sent_total = 0
  for _, thread in ipairs(threads) do sent_total = sent_total + thread:get("sent") end
  local status = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %d %d %.3f %.3f %d %d\n", summary.requests, summary.duration,
    latency:percentile(95) / 1000, latency:percentile(50) / 1000, status, sent_total))
end
