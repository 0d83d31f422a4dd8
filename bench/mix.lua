-- wrk script for the mix: cycles through the requests of a file (one "language path" a
-- line, given after --), each thread from its own starting point, and prints the same
-- JSON line as report.lua (bench/wrkjson.lua), with the cache hits.
local wrkjson = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrkjson.lua")
local requests = {}
local position = 0
local threads = 0

local all_threads = {}
hits = 0
answered = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
  all_threads[#all_threads + 1] = thread
end

-- A cache hit reads at most the cache version: the bench's X-Bench-Queries header
-- (bench/middleware.py) says how many queries a response made.
response = function(status, headers, body)
  answered = answered + 1
  local queries = tonumber(headers["X-Bench-Queries"])
  if queries ~= nil and queries <= 1 then
    hits = hits + 1
  end
end

init = function(args)
  for line in io.lines(args[1]) do
    local language, path = line:match("^(%S+) (.+)$")
    if path then
      requests[#requests + 1] = wrk.format("GET", path, {["Accept-Language"] = language})
    end
  end
  -- Threads start at evenly spread points of the list (thread_number is set by setup).
  position = math.floor((thread_number - 1) * #requests / 4) % #requests
end

request = function()
  position = position % #requests + 1
  return requests[position]
end

done = function(summary, latency, requests_done)
  local all_hits, all_answered = 0, 0
  for _, thread in ipairs(all_threads) do
    all_hits = all_hits + (thread:get("hits") or 0)
    all_answered = all_answered + (thread:get("answered") or 0)
  end
  wrkjson.write(summary, latency,
    string.format(', "hits": %d, "answered": %d', all_hits, all_answered))
end
