"""The targets under load: OwnKMS, moto_server (a peer) and nginx (the machine's HTTP ceiling).

Each target is a process started in its own session, logging to a file in the work directory,
with `start()` returning its endpoint and `stop()` ending exactly that process group.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

LISTENING_RE = re.compile(rb"listening on (http://127\.0\.0\.1:\d+)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, deadline_s, proc):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {deadline_s} s")


class Target:
    """A server process; subclasses say how to start it and when it is ready."""
    name = "target"

    def __init__(self, work_dir):
        self.work_dir = Path(work_dir)
        self.proc = None
        self.endpoint = None
        self.log_path = self.work_dir / f"{self.name}.log"

    def _spawn(self, command, env=None, cwd=None):
        log = open(self.log_path, "ab", buffering=0)
        log.write(f"$ {shlex.join(command)}\n".encode())
        self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=log, start_new_session=True, env=env, cwd=cwd)
        self._log = log
        return self.proc

    def pid(self):
        return self.proc.pid

    def _ready_line(self, proc, ready, timeout_s):
        """Logs the process's output until `ready(line)` is truthy (returned) or `timeout_s` has
        passed when a line comes (None); then keeps draining it, so a full pipe never blocks it."""
        deadline = time.monotonic() + timeout_s
        found = None
        for line in proc.stdout:
            self._log.write(line)
            found = ready(line)
            if found or time.monotonic() > deadline:
                break
        _drain(proc.stdout, self._log)
        return found or None

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class OwnKms(Target):
    """`java … -jar ownkms.jar serve`, started without the launcher (the JVM is measured)."""

    def __init__(self, work_dir, java_command, data_dir, auth="permissive", credentials=None,
                 name="ownkms"):
        self.name = name
        super().__init__(work_dir)
        self.java_command = java_command
        self.data_dir = Path(data_dir)
        self.auth = auth
        self.credentials = credentials
        self.started_at = None

    def command(self):
        command = self.java_command + ["serve", "--port", "0", "--data-dir", str(self.data_dir),
                                       "--auth", self.auth]
        if self.credentials:
            command += ["--credentials", str(self.credentials)]
        return command

    def start(self, timeout_s=60):
        self.started_at = time.monotonic()
        match = self._ready_line(self._spawn(self.command()), LISTENING_RE.search, timeout_s)
        if match is None:
            self.stop()
            raise RuntimeError(f"OwnKMS did not start; see {self.log_path}")
        self.endpoint = match.group(1).decode()
        return self.endpoint


class Moto(Target):
    name = "moto"

    def __init__(self, work_dir, executable):
        super().__init__(work_dir)
        self.executable = executable

    @staticmethod
    def find():
        return shutil.which("moto_server")

    def start(self, timeout_s=60):
        port = free_port()
        proc = self._spawn([self.executable, "-H", "127.0.0.1", "-p", str(port)])
        _drain(proc.stdout, self._log)
        wait_for_port(port, timeout_s, proc)
        self.endpoint = f"http://127.0.0.1:{port}"
        return self.endpoint


class NginxCeiling(Target):
    """nginx answering each X-Amz-Target with a fixed body: OwnKMS's own answer to that request.

    Same request, same answer size, no work behind it: the most this machine's HTTP stack and
    load generator allow. `worker_processes auto` (one per core), no access log.
    """
    name = "nginx"

    def __init__(self, work_dir, answers):
        super().__init__(work_dir)
        self.answers = answers  # X-Amz-Target -> response body (bytes)
        self.conf_dir = self.work_dir / "nginx"

    def config(self, port):
        entries = "\n".join(f"    {_nginx_quote(target)} {_nginx_quote(body.decode())};"
                            for target, body in sorted(self.answers.items()))
        d = self.conf_dir
        return f"""worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log;
daemon off;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  keepalive_requests 1000000;
  map $http_x_amz_target $kms_answer {{
    default '{{}}';
{entries}
  }}
  server {{
    listen 127.0.0.1:{port} backlog=1024;
    location / {{
      default_type application/x-amz-json-1.1;
      return 200 $kms_answer;
    }}
  }}
}}
"""

    def start(self, timeout_s=20):
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        conf = self.conf_dir / "nginx.conf"
        conf.write_text(self.config(port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        proc = self._spawn([nginx, "-c", str(conf), "-e", str(self.conf_dir / "error.log")])
        _drain(proc.stdout, self._log)
        wait_for_port(port, timeout_s, proc)
        self.endpoint = f"http://127.0.0.1:{port}"
        return self.endpoint


def _nginx_quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _drain(stream, log):
    import threading

    def pump():
        for line in stream:
            log.write(line)

    threading.Thread(target=pump, daemon=True).start()


def rss_kib(pid):
    """Resident set size of a process (VmRSS) and its peak (VmHWM), in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]
