-- wrk script: POST /v1/orders, one unit each, a fresh Idempotency-Key per request, a random
-- customer (BENCH_TOKENS_FILE, a token per line) and a random product (BENCH_PRODUCTS_FILE, an
-- id per line: one id for the hot-product load, many for the spread one). Counts the answers by
-- status and prints them as `status <code> <count>` lines at the end.
local function lines(path)
  local found = {}
  for line in io.lines(path) do
    if line ~= "" then found[#found + 1] = line end
  end
  return found
end

local tokens = lines(os.getenv("BENCH_TOKENS_FILE"))
local products = lines(os.getenv("BENCH_PRODUCTS_FILE"))
local path = os.getenv("BENCH_ORDERS_PATH") or "/v1/orders"  -- the bare endpoint's: /orders
local threads = {}
local counter = 0
statuses = {}  -- a global: done() reads each thread's through thread:get

function setup(thread)
  thread:set("tid", #threads + 1)  -- each thread's keys differ from the others'
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tid)
end

request = function()
  counter = counter + 1
  local product = products[math.random(#products)]
  local body = '{"lines":[{"product_id":"' .. product .. '","quantity":1}]}'
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Idempotency-Key"] = "bench-" .. os.time() .. "-" .. tostring(tid) .. "-" .. counter,
  }
  return wrk.format("POST", path, headers, body)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    for status, count in pairs(counted) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
end
