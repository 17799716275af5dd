-- Redeeming: a POST with an app session token (X-Session-Token, no CSRF needed), as 1,000 riders in turn, each with
-- points for 100,000 purchases of a reward with a large stock. bench/apps/rewards.py
-- writes one token per line into the directory named by FS_REWARDS_BENCH_DATA.
local dir = os.getenv("FS_REWARDS_BENCH_DATA")
local tokens = {}
for line in io.lines(dir .. "/riders.txt") do
  tokens[#tokens + 1] = line
end

local counter = 0
function setup(thread)
  thread:set("offset", counter * 500)  -- each thread starts with other riders
  counter = counter + 1
end

local i = 0
function init(args)
  i = offset or 0
end

request = function()
  i = (i % #tokens) + 1
  return wrk.format("POST", wrk.path, { ["X-Session-Token"] = tokens[i], ["Accept"] = "application/json" }, "")
end
