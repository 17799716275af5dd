-- Claim submission: a multipart POST with one photo, as a different rider each time (a
-- rider may have at most 20 pending claims). bench/apps/points.py writes the request body
-- and one session cookie per line into the directory named by FS_POINTS_CLAIM_DATA.
local dir = os.getenv("FS_POINTS_CLAIM_DATA")
local csrf = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"  -- an unmasked CSRF secret, in the cookie and the header
local boundary = "----friendlystreetbench"

local f = assert(io.open(dir .. "/body.bin", "rb"))
local body = f:read("*a")
f:close()
local cookies = {}
for line in io.lines(dir .. "/cookies.txt") do
  cookies[#cookies + 1] = line .. "; csrftoken=" .. csrf
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
  i = (i % #cookies) + 1
  return wrk.format("POST", wrk.path, {
    ["Cookie"] = cookies[i],
    ["X-CSRFToken"] = csrf,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }, body)
end
