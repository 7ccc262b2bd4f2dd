-- wrk script: POST /v1/orders with a fresh Idempotency-Key per request, one unit each.
-- BENCH_TOKEN and BENCH_PRODUCT come from the environment (set by bench/public_api.py).
local token = os.getenv("BENCH_TOKEN")
local product = os.getenv("BENCH_PRODUCT")
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)  -- each thread's keys differ from the others'
end

request = function()
  counter = counter + 1
  local body = '{"lines":[{"product_id":"' .. product .. '","quantity":1}]}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = "bench-" .. tostring(tid) .. "-" .. counter,
  }
  return wrk.format("POST", "/v1/orders", headers, body)
end
