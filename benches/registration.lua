-- wrk script: every request registers a different person (unique email and handle) with a few
-- interests drawn from a small vocabulary, so interest rows are shared as at a real conference.
local counter = 0
local thread_id = 0
local run = "r"

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  run = args[1] or "r"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench Person %d","email":"p%s-%d-%d@bench.example",' ..
    '"handles":[{"network":"github","handle":"u%s-%d-%d"},{"network":"x","handle":"x%s%d_%d"}],' ..
    '"interests":["rust","topic %d","databases","area %d","theme %d","web"],' ..
    '"wants_to_meet":[{"network":"github","handle":"u%s-%d-%d"}],' ..
    '"consents":{"privacy":true}}',
    counter, run, thread_id, counter, run, thread_id, counter, run, thread_id, counter,
    counter % 97, counter % 31, counter % 211, run, thread_id, counter + 1)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
