"""Shared helpers for natterd's integration tests.

Starts the real natterd on a free loopback port (``-p 0``, the port is read
back from its "listening on ADDR port N" log line), drains its stderr in a
background thread, and gives tests a scripted IRC client with a line reader
that keeps unmatched lines for later.  Standard library only.

Environment (set by ``make check``): NATTERD, the natterd binary;
TOP_SRCDIR, the source tree.
"""

import atexit
import collections
import itertools
import os
import re
import resource
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

# Every wait in the tests has a bound; this is the default one, in seconds.
DEFAULT_TIMEOUT = 5.0
# How long natterd may take to print its "listening on" line.
STARTUP_TIMEOUT = 5.0

LISTENING_RE = re.compile(r"listening on (\S+) port (\d+)")
# natterd's TLS port, when it has one.
TLS_LISTENING_RE = re.compile(r"listening on (\S+) port (\d+) \(TLS\)")
# The first line of an AddressSanitizer, ThreadSanitizer, LeakSanitizer or
# UndefinedBehaviorSanitizer report.
SANITIZER_RE = re.compile(r"^(==\d+==ERROR: \w+Sanitizer|WARNING: ThreadSanitizer"
                          r"|\S+:\d+:\d+: runtime error:)")

_HERE = os.path.dirname(os.path.abspath(__file__))
_tokens = itertools.count(1)


def unique(prefix="t"):
    """Return a token unique within this test process."""
    return "%s%d%d" % (prefix, os.getpid() % 1000, next(_tokens))


def natterd_path():
    """Return the natterd binary under test (NATTERD, else the build tree)."""
    path = os.environ.get("NATTERD")
    if not path:
        top = os.environ.get("TOP_SRCDIR") or os.path.join(_HERE, "..", "..")
        path = os.path.join(top, "server", "natterd")
    return os.path.abspath(path)


def top_srcdir():
    return os.path.abspath(os.environ.get("TOP_SRCDIR")
                           or os.path.join(_HERE, "..", ".."))


def slowdown():
    """How many times slower natterd is built as it is: a sanitizer's
    (measured here: ASan about 4, TSan about 10)."""
    with open(natterd_path(), "rb") as f:
        binary = f.read()
    if b"__tsan_init" in binary:
        return 10
    return 4 if b"__asan_init" in binary else 1


def proc_status(pid, field):
    """A number from /proc/PID/status (VmRSS in KiB, Threads), 0 if absent."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_kb(pid):
    """A process's resident memory in KiB (VmRSS)."""
    return proc_status(pid, "VmRSS")


def have_ipv6_loopback():
    """True if ::1 can be bound here."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# --- IRC message parsing ------------------------------------------------------

def _unescape_tag(value):
    out = []
    it = iter(value)
    for ch in it:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(it, "")
        out.append({":": ";", "s": " ", "\\": "\\", "r": "\r",
                    "n": "\n"}.get(nxt, nxt))
    return "".join(out)


class Message:
    """One parsed IRC line: tags, source, command (upper case), params.

    Text is decoded as UTF-8 with surrogateescape, so invalid bytes survive;
    ``raw`` keeps the line's bytes without CR LF.
    """

    __slots__ = ("tags", "source", "command", "params", "raw")

    def __init__(self, tags, source, command, params, raw):
        self.tags = tags
        self.source = source
        self.command = command
        self.params = params
        self.raw = raw

    @property
    def nick(self):
        """Nick (or server name) part of the source."""
        if self.source is None:
            return None
        return self.source.split("!", 1)[0].split("@", 1)[0]

    @property
    def user(self):
        if self.source is None or "!" not in self.source:
            return None
        return self.source.split("!", 1)[1].split("@", 1)[0]

    @property
    def host(self):
        if self.source is None or "@" not in self.source:
            return None
        return self.source.rsplit("@", 1)[1]

    @property
    def text(self):
        """The last parameter ('' when there is none)."""
        return self.params[-1] if self.params else ""

    def param(self, i, default=None):
        return self.params[i] if i < len(self.params) else default

    def __repr__(self):
        return "<%s>" % self.raw.decode("utf-8", "backslashreplace")


def parse_line(raw):
    """Parse one line (bytes or str, without CR LF) into a Message."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    s = raw.decode("utf-8", "surrogateescape")
    tags = {}
    if s.startswith("@"):
        tagpart, _, s = s[1:].partition(" ")
        for item in tagpart.split(";"):
            if not item:
                continue
            key, eq, value = item.partition("=")
            tags[key] = _unescape_tag(value) if eq else ""
        s = s.lstrip(" ")
    source = None
    if s.startswith(":"):
        source, _, s = s[1:].partition(" ")
        s = s.lstrip(" ")
    command, _, s = s.partition(" ")
    params = []
    while True:
        s = s.lstrip(" ")
        if not s:
            break
        if s.startswith(":"):
            params.append(s[1:])
            break
        p, _, s = s.partition(" ")
        params.append(p)
    return Message(tags, source, command.upper(), params, raw)


def matcher(match):
    """Turn a command/numeric, a collection of them, or a predicate into a
    predicate over Message."""
    if callable(match):
        return match
    if isinstance(match, str):
        want = match.upper()
        return lambda m: m.command == want
    wanted = {x.upper() for x in match}
    return lambda m: m.command in wanted


def describe(match):
    if callable(match):
        return getattr(match, "__doc__", None) or getattr(
            match, "__name__", "predicate")
    return repr(match)


# --- a scripted IRC client ------------------------------------------------------

class Client:
    """A scripted IRC connection with a buffered line reader.

    ``expect`` returns the first message matching and keeps the ones it
    skipped in ``pending`` for later calls; every wait has a timeout and
    fails the test (AssertionError) when it runs out.
    """

    def __init__(self, port, host="127.0.0.1", rcvbuf=None,
                 timeout=DEFAULT_TIMEOUT, name=None, tls=False,
                 certfile=None, keyfile=None):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        if tls:
            self.sock = tls_context(certfile, keyfile).wrap_socket(self.sock)
        self.timeout = timeout
        self.name = name
        self.buf = bytearray()
        self.pending = collections.deque()
        self.eof = False
        self.reset = False
        self.history = collections.deque(maxlen=40)
        self.nick = None
        self.server_name = None
        self.isupport = {}
        self.welcome = []

    def __repr__(self):
        return "<Client %s>" % (self.nick or self.name or "?")

    # sending

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        self.sock.sendall(data)

    def send_line(self, line):
        """Send one line; CR LF is appended."""
        if isinstance(line, str):
            line = line.encode("utf-8", "surrogateescape")
        self.sock.sendall(line + b"\r\n")

    send = send_line

    # receiving

    def _fill(self, deadline):
        """Read more bytes into the buffer; False on EOF, raise on timeout."""
        if self.eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout()
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                ssl.SSLEOFError):
            self.eof = self.reset = True
            return False
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def read_raw_line(self, timeout=None):
        """Next line as bytes without CR LF; None at end of stream."""
        deadline = time.monotonic() + (self.timeout if timeout is None
                                       else timeout)
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[:i + 1]
                if line.endswith(b"\r"):
                    line = line[:-1]
                self.history.append(line)
                return line
            if not self._fill(deadline):
                return None

    def _fail(self, what, timeout):
        recent = "\n    ".join(repr(parse_line(l)) for l in self.history)
        raise AssertionError(
            "%r: %s (waited up to %.1fs). Last lines received:\n    %s"
            % (self, what, timeout, recent or "(none)"))

    def next_message(self, timeout=None):
        """The next message (pending first); None at end of stream."""
        if self.pending:
            return self.pending.popleft()
        t = self.timeout if timeout is None else timeout
        try:
            line = self.read_raw_line(t)
        except socket.timeout:
            self._fail("no message arrived", t)
        return None if line is None else parse_line(line)

    def expect(self, match, timeout=None):
        """Return the first message that matches; skipped ones stay pending.

        ``match`` is a command or numeric ("PRIVMSG", "433"), a collection
        of them, or a predicate over Message.
        """
        pred = matcher(match)
        for i, m in enumerate(self.pending):
            if pred(m):
                del self.pending[i]
                return m
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        while True:
            try:
                line = self.read_raw_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                self._fail("timed out waiting for %s" % describe(match), t)
            if line is None:
                self._fail("connection closed while waiting for %s"
                           % describe(match), t)
            m = parse_line(line)
            if pred(m):
                return m
            self.pending.append(m)

    def lines_until(self, match, timeout=None):
        """All messages up to and including the first match, consumed."""
        pred = matcher(match)
        out = []
        while self.pending:
            m = self.pending.popleft()
            out.append(m)
            if pred(m):
                return out
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        while True:
            try:
                line = self.read_raw_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                self.pending.extendleft(reversed(out))
                self._fail("timed out waiting for %s" % describe(match), t)
            if line is None:
                self.pending.extendleft(reversed(out))
                self._fail("connection closed while waiting for %s"
                           % describe(match), t)
            m = parse_line(line)
            out.append(m)
            if pred(m):
                return out

    collect_until = lines_until

    def drain(self, timeout=None):
        """PING the server and return (consuming) every message that came
        before its PONG.  natterd handles a client's lines in order, so
        whatever an earlier command of this client caused, and whatever
        other clients caused before they were themselves synced, is in the
        list."""
        token = unique("sync")
        self.send_line("PING " + token)
        msgs = self.lines_until(
            lambda m: m.command == "PONG" and m.text == token, timeout)
        return msgs[:-1]

    sync = drain

    def read_until_closed(self, timeout=None):
        """Read to end of stream; return the messages (consumed)."""
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        out = list(self.pending)
        self.pending.clear()
        while True:
            try:
                line = self.read_raw_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                self._fail("connection was not closed", t)
            if line is None:
                return out
            out.append(parse_line(line))

    # IRC conveniences

    def register(self, nick, user="user", realname="Real Name",
                 password=None, timeout=None):
        """Register; return the burst through 376/422 and remember the
        server name (001's source), the nick and the 005 tokens."""
        if password is not None:
            self.send_line("PASS " + password)
        self.send_line("NICK " + nick)
        self.send_line("USER %s 0 * :%s" % (user, realname))
        return self.finish_registration(timeout)

    def finish_registration(self, timeout=None):
        burst = self.lines_until(("376", "422"), timeout)
        welcome = [m for m in burst if m.command == "001"]
        if not welcome:
            raise AssertionError("%r: no 001 in registration burst: %r"
                                 % (self, burst))
        self.server_name = welcome[0].source
        self.nick = welcome[0].params[0]
        for m in burst:
            if m.command == "005":
                for tok in m.params[1:-1]:
                    key, _, value = tok.partition("=")
                    self.isupport[key.upper()] = value
        self.welcome = burst
        return burst

    def join(self, room, timeout=None):
        """JOIN one room and return the messages through its 366."""
        self.send_line("JOIN " + room)
        low = room.lower()
        return self.lines_until(
            lambda m: m.command == "366" and len(m.params) > 1
            and m.params[1].lower() == low, timeout)

    def privmsg(self, target, text):
        self.send_line("PRIVMSG %s :%s" % (target, text))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def offered_caps(server, timeout=None):
    """The capability names a new connection is offered by CAP LS 302 (values
    after '=' dropped), asked on a throwaway connection.  For the interop
    tests, which compare what a real client requested with what natterd
    offered."""
    c = server.client(name="cap-ls")
    try:
        c.send_line("CAP LS 302")
        caps = set()
        while True:
            m = c.expect(lambda m: m.command == "CAP" and len(m.params) >= 3
                         and m.params[1].upper() == "LS", timeout)
            caps.update(tok.split("=", 1)[0] for tok in m.text.split())
            # "CAP * LS * :..." is continued on the next line.
            if len(m.params) < 4 or m.params[2] != "*":
                return caps
    finally:
        c.close()


def tls_context(certfile=None, keyfile=None):
    """A TLS client context that does not verify natterd's (self-signed)
    certificate; with certfile, it presents that client certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if certfile:
        ctx.load_cert_chain(certfile, keyfile)
    return ctx


# --- the server under test -------------------------------------------------------

_running = set()


def _kill_leftovers():
    for proc in list(_running):
        if proc.poll() is None:
            proc.kill()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass


atexit.register(_kill_leftovers)


def _sigterm_exit(signum, frame):
    _kill_leftovers()
    os._exit(128 + signum)


# If the test harness kills us, take natterd down too.
if threading.current_thread() is threading.main_thread():
    signal.signal(signal.SIGTERM, _sigterm_exit)
    signal.signal(signal.SIGHUP, _sigterm_exit)

try:
    import ctypes
    _libc = ctypes.CDLL(None, use_errno=True)
    _prctl = _libc.prctl

    def _die_with_parent():
        _prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
except (ImportError, OSError, AttributeError):
    _die_with_parent = None


class Natterd:
    """One natterd process on loopback, port picked by the kernel."""

    def __init__(self, *args, bind="127.0.0.1", motd_lines=None,
                 password=None, nofile=None):
        self.binary = natterd_path()
        self.nofile = nofile     # RLIMIT_NOFILE, soft and hard, if given
        self.bind = bind
        self.tmpdir = tempfile.mkdtemp(prefix="natterd-test-")
        # Every test client comes from one loopback address: lift the
        # per-address limit (a test of the limit passes its own, later).
        # A TLS port (on with --state-dir or --tls-cert) is picked free too.
        # "-c /dev/null": an installed /etc/natter/natterd.conf stays out.
        self.args = ["-c", "/dev/null", "-b", bind, "-p", "0",
                     "--tls-port", "0",
                     "--max-per-ip", "100000"]
        if motd_lines is not None:
            path = os.path.join(self.tmpdir, "motd")
            with open(path, "w", encoding="utf-8") as f:
                for line in motd_lines:
                    f.write(line + "\n")
            self.args += ["--motd", path]
        if password is not None:
            self.args += ["--password", password]
        self.args += list(args)
        self.proc = None
        self.port = None
        self.tls_port = None     # natterd's TLS port, if it serves TLS
        self.lines = []          # stderr lines, kept for debugging
        self.stdout_lines = []
        self._cond = threading.Condition()
        self._threads = []

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def _preexec(self):
        # In the child, before natterd runs.
        if _die_with_parent is not None:
            _die_with_parent()
        if self.nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE,
                               (self.nofile, self.nofile))

    def _drain(self, stream, sink):
        for raw in iter(stream.readline, b""):
            with self._cond:
                sink.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self._cond.notify_all()
        stream.close()
        with self._cond:
            self._cond.notify_all()

    def start(self, timeout=STARTUP_TIMEOUT):
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError("natterd binary not found: %s" % self.binary)
        self.proc = subprocess.Popen(
            [self.binary] + self.args, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.tmpdir,
            preexec_fn=self._preexec)
        _running.add(self.proc)
        for stream, sink in ((self.proc.stderr, self.lines),
                             (self.proc.stdout, self.stdout_lines)):
            t = threading.Thread(target=self._drain, args=(stream, sink),
                                 daemon=True)
            t.start()
            self._threads.append(t)
        deadline = time.monotonic() + timeout
        seen = 0
        self.port = self.tls_port = None
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    m = LISTENING_RE.search(line)
                    if m and self.port is None:
                        self.port = int(m.group(2))
                    m = TLS_LISTENING_RE.search(line)
                    if m:
                        self.tls_port = int(m.group(2))
                    # The TLS port is said after the plain one, if at all.
                    if self.port is not None and (
                            self.tls_port is not None or
                            not self._tls_expected()):
                        return self
                seen = len(self.lines)
                if self.proc.poll() is not None and not any(
                        t.is_alive() for t in self._threads):
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, 0.1))
        self.kill()
        raise RuntimeError("natterd did not report its port within %.0fs "
                           "(exit status %r); stderr:\n%s"
                           % (timeout, self.proc.returncode, self.log_text()))

    def _tls_expected(self):
        return "--tls-cert" in self.args or "--state-dir" in self.args

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def client(self, **kw):
        host = "::1" if ":" in self.bind else "127.0.0.1"
        port = self.tls_port if kw.get("tls") else self.port
        return Client(port, host=kw.pop("host", host), **kw)

    def send_signal(self, sig):
        if self.running():
            os.kill(self.proc.pid, sig)

    def wait(self, timeout):
        """Exit status, or None if still running after timeout."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, sig=signal.SIGTERM, timeout=5.0):
        """Signal natterd and wait; SIGKILL it if it lingers.  Returns the
        exit status (negative = killed by that signal)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.send_signal(sig)
            if self.wait(timeout) is None:
                self.kill()
        self._finish()
        return self.proc.returncode

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.killed_on_purpose = True
            self.proc.kill()
            self.proc.wait(5)
        self._finish()

    def _finish(self):
        for t in self._threads:
            t.join(2)
        _running.discard(self.proc)
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def sanitizer_report(self):
        """The first sanitizer report natterd printed, or ''."""
        with self._cond:
            lines = list(self.lines)
        for i, line in enumerate(lines):
            if SANITIZER_RE.search(line):
                return "\n".join(lines[i:i + 60])
        return ""

    def logged(self, text, timeout=5.0):
        """natterd's log lines with text in them, waiting up to timeout for
        the first (the log comes through a pipe and a thread: a line
        natterd wrote before answering a client may not be here yet)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [l for l in self.lines if text in l]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    return found
                self._cond.wait(min(remaining, 0.1))

    def log_text(self):
        with self._cond:
            return "\n".join(self.lines[-200:])

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- base test case ---------------------------------------------------------------

class NatterdTestCase(unittest.TestCase):
    """Starts a fresh natterd for every test and stops it afterwards (also
    on failure).  On a failure natterd's log is printed to stderr."""

    server_args = ()
    server_kwargs = {}

    def setUp(self):
        self.clients = []
        self.server = self.start_server(*self.server_args,
                                        **self.server_kwargs)

    def start_server(self, *args, **kw):
        server = Natterd(*args, **kw)
        server.start()
        self.addCleanup(self._stop_server, server)
        return server

    def _test_failed(self):
        """True once this test has a failure or error on record."""
        result = getattr(getattr(self, "_outcome", None), "result", None)
        for test, _ in (getattr(result, "failures", []) +
                        getattr(result, "errors", [])):
            if test is self or getattr(test, "test_case", None) is self:
                return True
        return False

    def _stop_server(self, server):
        for c in self.clients:
            c.close()
        crashed = server.proc.poll()
        status = server.stop()
        if self._test_failed() or (crashed is not None and crashed != 0 and
                                   not getattr(server, "killed_on_purpose",
                                               False)):
            sys.stderr.write("\n--- natterd log (%s) ---\n%s\n--- end ---\n"
                             % (self.id(), server.log_text()))
        if (crashed is not None and crashed != 0 and
                not getattr(server, "killed_on_purpose", False)):
            raise AssertionError("natterd died during the test (status %d)"
                                 % crashed)
        report = server.sanitizer_report()
        if report:
            raise AssertionError("natterd's sanitizer reported (exit status "
                                 "%s):\n%s" % (status, report))

    def connect(self, server=None, **kw):
        c = (server or self.server).client(**kw)
        self.clients.append(c)
        return c

    def registered(self, nick, server=None, **kw):
        c = self.connect(server, name=nick)
        c.register(nick, **kw)
        return c

    def cap_registered(self, nick, caps):
        """Register with CAP REQ for caps (a list), then CAP END."""
        c = self.connect(name=nick)
        c.send_line("CAP REQ :" + " ".join(caps))
        c.expect("CAP")
        c.send_line("NICK " + nick)
        c.send_line("USER u 0 * :" + nick)
        c.send_line("CAP END")
        c.finish_registration()
        return c

    def in_room(self, room, *nicks):
        """Register clients and join them to a room, one after the other,
        syncing so every earlier JOIN has been seen."""
        out = []
        for nick in nicks:
            c = self.registered(nick)
            c.join(room)
            out.append(c)
        for c in out:
            c.drain()
        return out


def main():
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)
