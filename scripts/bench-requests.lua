-- wrk script for `make bench` (scripts/bench.py): replays a list of
-- ready-made requests, one per line of the file named by RM_BENCH_DATA:
--     METHOD <TAB> PATH <TAB> base64(user:password) [<TAB> urlencoded body]
-- A POST body carries its form token ready-made by scripts/bench.py, bound to
-- that user and to PATH (the form's action): sent to any other path it would
-- be refused, so a line's PATH and body must not be split or recombined.
-- Each wrk thread starts at its own offset (RM_BENCH_OFFSET + thread share)
-- and walks the list in order, so concurrent threads do not send the same
-- line at the same moment.  Each thread counts the statuses it receives;
-- done() prints them with the latency percentiles for scripts/bench.py.
local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local reqs, pos = {}, 0
statuses = {}

function init(args)
   local nthreads = tonumber(os.getenv("RM_BENCH_THREADS") or "2")
   local offset = tonumber(os.getenv("RM_BENCH_OFFSET") or "0")
   for line in io.lines(os.getenv("RM_BENCH_DATA")) do
      local method, path, auth, body = line:match("^(%u+)\t([^\t]+)\t([^\t]+)\t?(.*)$")
      local headers = { ["Authorization"] = "Basic " .. auth }
      if method == "POST" then
         headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
         body = nil
      end
      reqs[#reqs + 1] = wrk.format(method, path, headers, body)
   end
   pos = (offset + math.floor(#reqs * tid / nthreads)) % #reqs
end

function request()
   pos = pos % #reqs + 1
   return reqs[pos]
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      local st = t:get("statuses")
      for k, v in pairs(st or {}) do total[k] = (total[k] or 0) + v end
   end
   local out = {}
   for k, v in pairs(total) do out[#out + 1] = k .. "=" .. v end
   table.sort(out)
   io.write("RM_STATUS " .. table.concat(out, " ") .. "\n")
   io.write(string.format("RM_LAT p50=%.3f p90=%.3f p99=%.3f max=%.3f\n",
                          latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                          latency:percentile(99) / 1000, latency.max / 1000))
   io.write(string.format("RM_TOTAL requests=%d duration_us=%d\n",
                          summary.requests, summary.duration))
end
