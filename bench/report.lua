-- wrk script: print one JSON line with the latency percentiles (microseconds) and counts.
local wrkjson = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrkjson.lua")

done = function(summary, latency, requests)
  wrkjson.write(summary, latency)
end
