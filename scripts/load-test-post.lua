-- wrk script for scripts/load-test.sh (issue 11): POSTs a JSON sample to `wenshu serve`.
--
--   wrk -t2 -c16 -d20s --latency -s scripts/load-test-post.lua http://127.0.0.1:PORT/v1/render/epolicy \
--       -- MODE TOKEN DATA_FILE [RATE_PER_THREAD] [RUN_ID]
--
-- MODE render:    the body is DATA_FILE as is (POST /v1/render/{template}); the request is built once.
-- MODE documents: the body is {"template":"epolicy","data":<DATA_FILE less "verification">,"deliver":[{"channel":"email",
--                 "to":"load@example.com"}],"idempotencyKey":"<RUN_ID>-<thread>-<counter>"} (POST
--                 /v1/documents), a fresh key per request; done() prints "LOADTEST created=N replayed=N
--                 other=N" (201, 200, anything else).
-- RATE_PER_THREAD > 0 paces each thread to that many requests per second (wrk has no rate limit and
-- wrk2 is not packaged for Debian): delay() hands each connection that is ready to send the next free
-- slot of a per-thread schedule spaced 1/RATE apart, read from CLOCK_MONOTONIC through LuaJIT's FFI.
-- The schedule never builds up credit, so an overloaded server sees at most RATE, never a catch-up
-- burst. Unlike wrk2 the latency is measured from the actual send, not the intended one (no
-- coordinated-omission correction); give the run spare connections so that a slot always finds one.

local mode, token, data_file, rate, run_id = "render", nil, nil, 0, "run"
local threads = {}    -- main state: the threads, for done()
local thread_id = 0   -- thread states: this thread's number, set by setup() as the global loadtest_thread

function setup(thread)
   table.insert(threads, thread)
   thread:set("loadtest_thread", #threads)
end

local function read_file(path)
   local file = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
   local text = file:read("*a")
   file:close()
   return (text:gsub("%s+$", ""))
end

function init(args)
   mode = args[1] or "render"
   token = assert(args[2], "usage: -- MODE TOKEN DATA_FILE [RATE_PER_THREAD] [RUN_ID]")
   data_file = assert(args[3], "usage: -- MODE TOKEN DATA_FILE [RATE_PER_THREAD] [RUN_ID]")
   rate = tonumber(args[4] or "0") or 0
   run_id = args[5] or "run"
   loadtest_mode = mode
   thread_id = rawget(_G, "loadtest_thread") or 0
   local data = read_file(data_file)

   wrk.method = "POST"
   wrk.headers["Authorization"] = "Bearer " .. token
   wrk.headers["Content-Type"] = "application/json"

   if mode == "render" then
      wrk.body = data
   elseif mode == "documents" then
      -- Without a "verification" object the server draws a fresh code and verify URL per document;
      -- the sample's fixed code would be refused (422) after the first document that used it.
      local without, n = data:gsub(',%s*"verification"%s*:%s*%b{}', "", 1)
      if n == 0 then without, n = data:gsub('"verification"%s*:%s*%b{}%s*,', "", 1) end
      data = without
      local prefix = '{"template":"epolicy","data":' .. data ..
         ',"deliver":[{"channel":"email","to":"load@example.com"}],"idempotencyKey":"' ..
         run_id .. "-" .. tostring(thread_id) .. "-"
      local counter = 0
      created, replayed, other = 0, 0, 0
      local shown = 0
      request = function()
         counter = counter + 1
         return wrk.format(nil, nil, nil, prefix .. counter .. '"}')
      end
      response = function(status, headers, body)
         if status == 201 then
            created = created + 1
         elseif status == 200 then
            replayed = replayed + 1
         else
            other = other + 1
            if shown < 3 then
               shown = shown + 1
               io.stderr:write(string.format("thread %d: HTTP %d %s\n", thread_id, status,
                  ((body or ""):sub(1, 300):gsub("%s+", " "))))
            end
         end
      end
   else
      error("MODE must be render or documents, not " .. tostring(mode))
   end

   if rate > 0 then
      local ffi = require("ffi")
      ffi.cdef [[
         typedef struct { long tv_sec; long tv_nsec; } loadtest_timespec;
         int clock_gettime(int clock_id, loadtest_timespec *tp);
      ]]
      local ts = ffi.new("loadtest_timespec")
      local function now_ms()
         ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
         return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
      end
      local interval = 1000 / rate
      local next_slot = nil
      delay = function()
         local now = now_ms()
         if next_slot == nil or next_slot < now then next_slot = now end
         local wait = next_slot - now
         next_slot = next_slot + interval
         return wait
      end
   end
end

function done(summary, latency, requests)
   if #threads == 0 then return end
   local c, r, o, documents = 0, 0, 0, false
   for _, thread in ipairs(threads) do
      documents = documents or thread:get("loadtest_mode") == "documents"
      c = c + (tonumber(thread:get("created")) or 0)
      r = r + (tonumber(thread:get("replayed")) or 0)
      o = o + (tonumber(thread:get("other")) or 0)
   end
   if documents then
      io.write(string.format("LOADTEST created=%d replayed=%d other=%d\n", c, r, o))
   end
end
