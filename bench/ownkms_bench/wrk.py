"""Load with wrk: replays pre-signed requests, checks every response, reports one JSON line.

The Lua script reads a request file (one request a line: X-Amz-Target or a label, X-Amz-Date,
Authorization, path, Content-Type, body, tab-separated; KMS calls go to "/" with X-Amz-Target,
other APIs such as an XKS proxy to their own path without it), cycles through it from a per-thread offset, and checks each
response: the status must be 2xx and the body a JSON object matching every pattern expected for
its operation. An answer matching the scenario's `tolerated` pattern (e.g. an external key
store's proxy time-out under overload, a correct KMS answer) is counted apart, not as bad. Its
`done()` prints the counts and the latency percentiles; any bad response fails
the run. The check costs the load generator a little CPU, the same for every target.
"""

import json
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

MARKER = "OWNKMS-WRK "
THREAD_DONE = "OWNKMS-THREAD-DONE"

LUA = r"""
local request_file = %(request_file)s
local expect = %(expect)s
local tolerated_by_target = %(tolerated)s
local max_per_thread = %(max_per_thread)d
local rate_per_thread = %(rate_per_thread)s

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local requests, index, patterns, tolerated
function init(args)
  requests = {}
  for line in io.lines(request_file) do
    local target, date, auth, path, content_type, body =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["Content-Type"] = content_type, ["X-Amz-Date"] = date,
                      ["Authorization"] = auth }
    if path == "/" then headers["X-Amz-Target"] = target end
    requests[#requests + 1] = wrk.format("POST", path, headers, body)
    if patterns == nil then
      patterns = expect[target] or {}
      tolerated = tolerated_by_target[target]
    end
  end
  index = (id * 7919) %% #requests
  responses, bad_status, malformed, tolerated_count = 0, 0, 0, 0
  first_bad, first_tolerated = "", ""
end

function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end

-- An offered rate instead of a closed loop: this thread's requests take slots on a fixed
-- schedule (1000 / rate_per_thread ms apart) and each connection waits for its slot. A schedule
-- fallen behind (a slow server) sends at once, so the rate reached shows the server kept up.
if rate_per_thread > 0 then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } ownkms_timespec;
    int clock_gettime(int clock_id, ownkms_timespec *ts);
  ]]
  local now_ts = ffi.new("ownkms_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now_ts)  -- CLOCK_MONOTONIC
    return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
  end
  local interval_ms, next_slot = 1000 / rate_per_thread, nil
  function delay()
    local now = now_ms()
    next_slot = (next_slot or now) + interval_ms
    local wait = next_slot - now
    return wait > 0 and math.floor(wait) or 0
  end
end

function response(status, headers, body)
  responses = responses + 1
  if (status < 200 or status > 299) and tolerated and body:find(tolerated) then
    tolerated_count = tolerated_count + 1
    if first_tolerated == "" then first_tolerated = string.sub(body, 1, 200) end
  elseif status < 200 or status > 299 then
    bad_status = bad_status + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body, 1, 200) end
  elseif not body:match("^%%s*{.*}%%s*$") then
    malformed = malformed + 1
  else
    for _, pattern in ipairs(patterns) do
      if not body:find(pattern) then
        malformed = malformed + 1
        if first_bad == "" then first_bad = "malformed " .. string.sub(body, 1, 200) end
        break
      end
    end
  end
  if max_per_thread > 0 and responses == max_per_thread then
    -- wrk keeps running until its duration ends; the runner sends SIGINT once every thread
    -- has said so, and wrk then reports as usual.
    io.write("%(thread_done)s\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests_summary)
  local checked, bad, bad_body, tolerated_total, sample, tolerated_sample = 0, 0, 0, 0, "", ""
  for _, thread in ipairs(threads) do
    checked = checked + thread:get("responses")
    bad = bad + thread:get("bad_status")
    bad_body = bad_body + thread:get("malformed")
    tolerated_total = tolerated_total + thread:get("tolerated_count")
    if sample == "" then sample = thread:get("first_bad") end
    if tolerated_sample == "" then tolerated_sample = thread:get("first_tolerated") end
  end
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests":%%d,"duration_us":%%d,"checked":%%d,"non_2xx":%%d,"malformed":%%d,' ..
    '"tolerated":%%d,"socket_errors":%%d,"timeouts":%%d,"latency_us":{"mean":%%.1f,"p50":%%.0f,"p90":%%.0f,' ..
    '"p99":%%.0f,"p999":%%.0f,"max":%%.0f},"first_bad":"%%s","first_tolerated":"%%s"}\n',
    summary.requests, summary.duration, checked, bad, bad_body, tolerated_total,
    e.connect + e.read + e.write, e.timeout, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    (sample:gsub('[%%c"\\]', '?')), (tolerated_sample:gsub('[%%c"\\]', '?'))))
end
"""


@dataclass
class LoadResult:
    requests: int
    duration_s: float
    checked: int
    non_2xx: int
    malformed: int
    tolerated: int
    socket_errors: int
    timeouts: int
    latency_us: dict
    first_bad: str
    first_tolerated: str = ""

    @property
    def rps(self):
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self):
        return self.non_2xx + self.malformed + self.socket_errors + self.timeouts

    def to_json(self):
        return {"requests": self.requests, "duration_s": round(self.duration_s, 3),
                "rps": round(self.rps, 1), "checked": self.checked, "non_2xx": self.non_2xx,
                "malformed": self.malformed, "tolerated": self.tolerated,
                "socket_errors": self.socket_errors,
                "timeouts": self.timeouts, "latency_ms": {
                    k: round(v / 1000, 3) for k, v in self.latency_us.items()},
                **({"first_bad": self.first_bad} if self.first_bad else {}),
                **({"first_tolerated": self.first_tolerated} if self.first_tolerated else {})}


def write_requests(path, signed_requests):
    """Writes the request file the Lua script replays."""
    with open(path, "w") as out:
        for signed in signed_requests:
            body = signed.body.decode()
            if "\t" in body or "\n" in body:
                raise ValueError("request bodies must be compact JSON")
            out.write("\t".join([signed.target, signed.headers["X-Amz-Date"],
                                 signed.headers["Authorization"], signed.path,
                                 signed.content_type, body]) + "\n")


def lua_script(request_file, expect, max_per_thread=0, tolerated=None, rate_per_thread=0):
    def lua_string(text):
        return json.dumps(text)  # a JSON string literal is a valid Lua string here (no \u escapes)

    expect_lua = "{" + ", ".join(
        f"[{lua_string(target)}] = {{{', '.join(lua_string(p) for p in patterns)}}}"
        for target, patterns in expect.items()) + "}"
    tolerated_lua = "{" + ", ".join(f"[{lua_string(target)}] = {lua_string(pattern)}"
                                    for target, pattern in (tolerated or {}).items()) + "}"
    return LUA % {"request_file": lua_string(str(request_file)), "expect": expect_lua,
                  "tolerated": tolerated_lua,
                  "max_per_thread": max_per_thread,
                  "rate_per_thread": repr(float(rate_per_thread)), "marker": MARKER,
                  "thread_done": THREAD_DONE}


def run(endpoint, request_file, expect, work_dir, connections, duration_s, threads=2,
        max_requests=0, timeout_s=5, tolerated=None, rate=None):
    """Runs wrk once and returns its LoadResult; max_requests > 0 stops after that many; a
    `rate` (req/s over all connections) paces the requests instead of sending each as soon as
    the previous answer came."""
    threads = max(1, min(threads, connections))
    script = Path(work_dir) / "load.lua"
    per_thread = -(-max_requests // threads) if max_requests else 0
    script.write_text(lua_script(request_file, expect, per_thread, tolerated,
                                 rate / threads if rate else 0))
    wrk = shutil.which("wrk") or "wrk"
    duration = f"{duration_s}s"
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}", f"--timeout={timeout_s}s",
               "-s", str(script), endpoint + "/"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, threads_done = [], 0
    try:
        for line in proc.stdout:
            lines.append(line)
            if line.strip() == THREAD_DONE:
                threads_done += 1
                if threads_done == threads:
                    proc.send_signal(signal.SIGINT)
        stderr = proc.stderr.read()
        proc.wait()
    finally:
        if proc.poll() is None:  # interrupted: leave no load generator behind
            proc.kill()
            proc.wait()
    for line in lines:
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER):])
            return LoadResult(data["requests"], data["duration_us"] / 1e6, data["checked"],
                              data["non_2xx"], data["malformed"], data["tolerated"],
                              data["socket_errors"],
                              data["timeouts"], data["latency_us"], data["first_bad"],
                              data["first_tolerated"])
    raise RuntimeError(f"wrk gave no result (exit {proc.returncode}):\n"
                       f"{''.join(lines)}\n{stderr}")
