-- Each request asks from a different place around Chenglong Road (about 11 x 11 km), so no
-- cache can answer: this measures the database's work and the serializer's.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

request = function()
  local lat = 30.6035 + (math.random() - 0.5) * 0.1
  local lng = 104.1262 + (math.random() - 0.5) * 0.12
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, string.format("%s%snear=%.5f,%.5f", wrk.path, sep, lat, lng))
end
