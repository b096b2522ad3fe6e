-- wrk script: every request registers a different person (unique email and handles, within the
-- fresh database each run uses) with a few interests drawn from a small vocabulary, so interest
-- rows are shared as at a real conference.
-- setup() runs in the main Lua state and hands each thread its number as the global `tid`.
local counter = 0
local threads_started = 0

function setup(thread)
  thread:set("tid", threads_started)
  threads_started = threads_started + 1
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench Person %d","email":"p%d-%d@bench.example",' ..
    '"handles":[{"network":"github","handle":"u%d-%d"},{"network":"x","handle":"x%d_%d"}],' ..
    '"interests":["rust","topic %d","databases","area %d","theme %d","web"],' ..
    '"wants_to_meet":[{"network":"github","handle":"u%d-%d"}],' ..
    '"consents":{"privacy":true}}',
    counter, tid, counter, tid, counter, tid, counter,
    counter % 97, counter % 31, counter % 211, tid, counter + 1)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
