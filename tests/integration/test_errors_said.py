"""Errors are said, in bounds: the small cases of issue 13.

- TAGMSG with no target gets 411, as PRIVMSG does.
- CAP REQ with no capability list gets 410 (ERR_INVALIDCAPCMD: the IRCv3
  spec's answer to an invalid CAP command), not "CAP ACK :".
- --flood-rate is kept exact up to 1000 lines/s: 600/s is 600/s, not the
  1000/s that whole milliseconds per line made of every rate over 500.
- A CR inside a line is a space for everybody: IRC clients, the plain
  door and the history.
- When natterd cannot start a client's threads, every refused client is
  told "Server is out of resources" and the log says so in bounds.  (Run
  as root: natterd runs as an unused uid under RLIMIT_NPROC; skipped
  otherwise.)
"""

import os
import re
import resource
import shutil
import socket
import ssl
import stat
import tempfile
import time
import unittest

from natterd_harness import Natterd, NatterdTestCase, main, natterd_path
from test_plain import PlainTestCase, STAMP
from test_tls import make_cert


class SmallErrors(NatterdTestCase):

    def test_tagmsg_without_target(self):
        c = self.registered("tagger")
        c.send_line("CAP REQ :message-tags")
        c.expect("CAP")
        for line in ("TAGMSG", "@+typing=active TAGMSG", "TAGMSG :"):
            c.send_line(line)
            m = c.expect("411")
            self.assertEqual(m.params[:1], ["tagger"], m)
            self.assertIn("TAGMSG", m.text)
        # NOTICE still never gets an automatic reply.
        c.send_line("NOTICE")
        self.assertEqual(c.drain(), [])

    def test_cap_req_without_list(self):
        c = self.connect()
        for line in ("CAP REQ", "CAP REQ :", "CAP REQ :  "):
            c.send_line(line)
            m = c.expect(lambda m: m.command in ("410", "CAP"))
            self.assertEqual(m.command, "410", m)
            self.assertEqual(m.params[:2], ["*", "REQ"], m)
        # It held nothing up: registration completes without CAP END.
        c.register("capless")
        c.send_line("CAP LIST")
        self.assertEqual(c.expect("CAP").params, ["capless", "LIST", ""])


class FloodRate(NatterdTestCase):
    # 600 lines/s: a burst of 4 s is 2400 lines; the rest go at 600/s.
    RATE = 600
    server_args = ("--flood-rate", str(RATE))

    def test_rate_over_500_is_exact(self):
        c = self.registered("fast")
        n = 4200
        start = time.monotonic()
        c.send_raw(b"".join(b"PING :p%d\r\n" % i for i in range(n)))
        c.expect(lambda m: m.command == "PONG" and m.text == "p%d" % (n - 1),
                 timeout=30)
        elapsed = time.monotonic() - start
        # (4200 - 2400) / 600 = 3 s; at 1000/s it would be 0.2 s.
        self.assertGreater(elapsed, 2.4, "%.2f s" % elapsed)
        self.assertLess(elapsed, 15, "%.2f s" % elapsed)


class CarriageReturn(PlainTestCase):

    def test_cr_inside_a_line_is_a_space_for_everybody(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        bob.send_raw(b"PRIVMSG #lobby :one\rtwo\r\n"
                     b"TOPIC #lobby :top\ric\r\n")
        bob.drain()
        line = alice.expect(re.compile(STAMP + "<bob> one"))
        self.assertTrue(line.endswith("<bob> one two"), line)
        line = alice.expect("set the topic")
        self.assertTrue(line.endswith("top ic"), line)
        self.assertNotIn(b"^M", alice.received)
        carol = self.registered("carol")
        replay = carol.join("#lobby") + carol.drain()
        self.assertTrue(any(m.text.endswith("<bob> one two")
                            for m in replay), replay)
        topic = [m for m in replay if m.command == "332"]
        self.assertEqual(topic[0].text, "top ic", replay)


def thread_names(pid):
    names = []
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, task)) as f:
                names.append(f.read().strip())
        except (FileNotFoundError, ProcessLookupError):
            pass     # it ended meanwhile: gone, or its comm reads ESRCH
    return names


def own_threads(pid):
    """natterd's threads but its clients' readers and writers."""
    return [n for n in thread_names(pid)
            if n not in ("natterd-reader", "natterd-writer")]


def spare_uid():
    """A uid nobody else runs as: its thread count is natterd's alone."""
    return 60000 + os.getpid() % 5000


def reachable_by_anybody(path):
    """Whether any uid may run path: every folder above it searchable."""
    path = os.path.abspath(path)
    while path != "/":
        path = os.path.dirname(path)
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
    return True


def binary_for_anybody(test, binary):
    """binary, or a copy of it another uid may run.  A build tree under a
    folder of mode 0700 (CI's mktemp -d) stops the unused uid at exec
    with "Permission denied" before natterd runs."""
    if reachable_by_anybody(binary):
        return binary
    folder = tempfile.mkdtemp(prefix="natterd-bin-")
    test.addCleanup(shutil.rmtree, folder, True)
    os.chmod(folder, 0o755)
    copy = os.path.join(folder, "natterd")
    shutil.copy2(binary, copy)
    if not reachable_by_anybody(copy):
        raise unittest.SkipTest("no folder another uid may run natterd "
                                "from (TMPDIR %s)" % tempfile.gettempdir())
    return copy


class LimitedNatterd(Natterd):
    """natterd as an unused uid, so that RLIMIT_NPROC (nproc threads for
    that uid, if given) holds for it; binary is one that uid may run."""

    def __init__(self, uid, binary, nproc=None, args=()):
        super().__init__(*args)
        self.binary = binary
        self.uid = uid
        self.nproc = nproc

    def _preexec(self):
        super()._preexec()
        if self.nproc is not None:
            resource.setrlimit(resource.RLIMIT_NPROC,
                               (self.nproc, self.nproc))
        os.setgroups([])
        os.setgid(self.uid)
        os.setuid(self.uid)

    def stop(self, *args, **kw):
        # Let the closed clients' threads end before natterd exits: a
        # sanitizer build checks for leaks at exit from a thread of its
        # own (LeakSanitizer's tracer), which RLIMIT_NPROC would refuse.
        # Root here lacks CAP_SYS_RESOURCE to lift the limit instead.
        deadline = time.monotonic() + 10
        while (self.nproc is not None and self.proc is not None and
               self.proc.poll() is None and time.monotonic() < deadline):
            try:
                if len(own_threads(self.proc.pid)) == \
                        len(thread_names(self.proc.pid)):
                    break
            except FileNotFoundError:
                break
            time.sleep(0.05)
        return super().stop(*args, **kw)


class ThreadExhaustionCase(NatterdTestCase):
    """natterd under RLIMIT_NPROC: base is the count of its own threads
    (no client's), found by a probe natterd of the same arguments."""

    args = ()

    def setUp(self):
        if os.geteuid() != 0:
            raise unittest.SkipTest("needs root to run natterd as an "
                                    "unused uid under RLIMIT_NPROC")
        self.clients = []
        self.uid = spare_uid()
        self.binary = binary_for_anybody(self, natterd_path())
        probe = self.limited(None)
        # Threads start after the port is reported (the discovery
        # responder): serve one client, so that all of natterd's own
        # threads are up, then count them (its clients' threads, by name,
        # apart) once the number has held still for a second.
        c = self.registered("probe", probe)
        names = thread_names(probe.pid)
        self.assertIn("natterd-reader", names)
        self.assertIn("natterd-writer", names)
        c.close()
        counts = []
        deadline = time.monotonic() + 15
        while (len(counts) < 20 or len(set(counts[-20:])) > 1) and \
                time.monotonic() < deadline:
            counts.append(len(own_threads(probe.pid)))
            time.sleep(0.05)
        self.base = counts[-1]
        probe.stop()

    def limited(self, nproc):
        server = LimitedNatterd(self.uid, self.binary, nproc, self.args)
        server.start()
        self.addCleanup(self._stop_server, server)
        return server

    def refuse(self, server, i):
        """Connect; return what natterd said before it closed."""
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    return data
                data += chunk
        except socket.timeout:
            self.fail("connection %d was neither served nor closed (got %r)"
                      % (i, data))
        finally:
            s.close()


class ThreadExhaustion(ThreadExhaustionCase):
    """Threads run out: every refused client is told, the log is bounded."""

    def test_first_thread_fails(self):
        # One client's two threads fit, no more: every other connection's
        # first thread (the writer) cannot start.
        server = self.limited(self.base + 2)
        first = self.registered("first", server)
        told = [b"(Server is out of resources)" in self.refuse(server, i)
                for i in range(100)]
        self.assertEqual(told.count(True), 100, told)
        # The first client is served all along.
        first.send_line("PING :still")
        self.assertEqual(first.expect("PONG").text, "still")
        # In bounds: LOG_LIMIT_BURST lines, not one per connection.
        lines = server.logged("cannot start a thread")
        self.assertGreaterEqual(len(lines), 1, server.lines[-20:])
        self.assertLessEqual(len(lines), 10, lines)

    def test_second_thread_fails(self):
        # Room for one client and one thread more: the writer starts, the
        # reader cannot.
        server = self.limited(self.base + 3)
        first = self.registered("first", server)
        told = [b"(Server is out of resources)" in self.refuse(server, i)
                for i in range(2)]
        self.assertEqual(told, [True, True])
        first.send_line("PING :still")
        self.assertEqual(first.expect("PONG").text, "still")


class ThreadExhaustionTLS(ThreadExhaustionCase):
    """A TLS client's reader makes the handshake, then starts the writer:
    when that fails, the reader says why over TLS, and logs it with the
    failed handshakes (the accept thread's refusal count is its own: a
    reader sharing it raced with it, found by reading, shown by TSan)."""

    def setUp(self):
        if os.geteuid() != 0:
            raise unittest.SkipTest("needs root to run natterd as an "
                                    "unused uid under RLIMIT_NPROC")
        folder = tempfile.mkdtemp(prefix="natterd-cert-")
        self.addCleanup(shutil.rmtree, folder, True)
        cert, key, _ = make_cert(folder)
        # natterd runs as the test's uid: the files must be its own.
        for path in (folder, cert, key):
            os.chown(path, spare_uid(), spare_uid())
        self.args = ("--tls-cert", cert, "--tls-key", key)
        super().setUp()

    def wait_threads(self, server, count):
        deadline = time.monotonic() + 10
        while len(os.listdir("/proc/%d/task" % server.pid)) > count:
            self.assertLess(time.monotonic(), deadline, "threads linger")
            time.sleep(0.05)

    def test_writer_fails_after_the_handshake(self):
        # One plain client's two threads and one reader fit, no more.
        server = self.limited(self.base + 3)
        first = self.registered("first", server)
        for i in range(5):
            self.wait_threads(server, self.base + 2)
            c = server.client(tls=True)
            try:
                # Plain connections refused meanwhile, by the accept thread.
                for j in range(3):
                    self.refuse(server, j)
                data = b""
                while len(data) < 4096:
                    try:
                        chunk = c.sock.recv(4096)
                    except (ssl.SSLError, ConnectionError):
                        break
                    if not chunk:
                        break
                    data += chunk
            finally:
                c.close()
            self.assertIn(b"ERROR :Closing link: 127.0.0.1 "
                          b"(Server is out of resources)", data, i)
        first.send_line("PING :still")
        self.assertEqual(first.expect("PONG").text, "still")
        lines = server.logged("after its TLS handshake: cannot start a "
                              "thread")
        self.assertGreaterEqual(len(lines), 1, server.lines[-20:])
        self.assertLessEqual(len(lines), 10, lines)


if __name__ == "__main__":
    main()
