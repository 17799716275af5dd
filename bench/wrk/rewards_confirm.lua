-- The merchant confirms a different issued voucher with each request: a voucher is used
-- once, and a second confirmation would answer 409 (an error for the bench). Thread s of n
-- takes codes base+s, base+s+MAXT, ... ; when the run ends, done() moves the base past
-- every code any thread reached, so the measured run after the warm-up uses fresh codes.
-- bench/apps/rewards.py writes codes.txt, operator.txt and codes.next into the directory
-- named by FS_REWARDS_BENCH_DATA.
local dir = os.getenv("FS_REWARDS_BENCH_DATA")
local MAXT = 4  -- at most this many wrk threads (bench/run.py uses 2)

local function read_base()
  local f = io.open(dir .. "/codes.next", "r")
  if not f then return 0 end
  local n = tonumber(f:read("*l")) or 0
  f:close()
  return n
end

local f = assert(io.open(dir .. "/operator.txt", "r"))
local token = f:read("*l")
f:close()
local codes = {}
for line in io.lines(dir .. "/codes.txt") do
  codes[#codes + 1] = line
end

local threads = {}
function setup(thread)
  assert(#threads < MAXT, "rewards_confirm.lua: raise MAXT for more wrk threads")
  thread:set("slot", #threads)
  threads[#threads + 1] = thread
end

-- Globals, not locals: done() reads each thread's `k` with thread:get().
base, k = 0, 0
function init(args)
  base = read_base()
  k = 0
end

request = function()
  local idx = base + slot + k * MAXT + 1
  k = k + 1
  -- Out of codes: the last one again (a 409, so the table shows errors: seed more).
  local code = codes[idx] or codes[#codes]
  return wrk.format("POST", wrk.path .. code .. "/redeem/", { ["X-Session-Token"] = token, ["Accept"] = "application/json" }, "")
end

function done(summary, latency, requests)
  local reached = 0
  for _, t in ipairs(threads) do
    local used = t:get("k") or 0
    if used > reached then reached = used end
  end
  local next_base = read_base() + (reached + 1) * MAXT  -- read before "w" truncates the file
  local out = assert(io.open(dir .. "/codes.next", "w"))
  out:write(tostring(next_base) .. "\n")
  out:close()
end
