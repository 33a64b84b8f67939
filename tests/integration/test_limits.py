"""natterd's limits and daemon life: flood control (--flood-rate,
--flood-excess), --max-clients, --max-per-ip, -d with --pidfile, and SIGHUP
re-reading the MOTD."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from natterd_harness import NatterdTestCase, natterd_path, main, unique


class Flood(NatterdTestCase):
    # 20 lines/s with a 4 s burst: 80 lines at once, then 20 a second.
    server_args = ("--flood-rate", "20", "--flood-excess", "3")

    def test_flooder_is_slowed_and_others_are_not(self):
        flooder = self.registered("flooder")
        calm = self.registered("calm")
        start = time.monotonic()
        flooder.send_raw(b"".join(b"PING :f%d\r\n" % i for i in range(120)))
        # Meanwhile another client is answered at once.
        t0 = time.monotonic()
        calm.drain(2)
        self.assertLess(time.monotonic() - t0, 1.0, "calm client was slowed")
        last = flooder.expect(lambda m: m.command == "PONG"
                              and m.text == "f119", 10)
        elapsed = time.monotonic() - start
        # 40 lines past the burst at 20/s: about 2 s, not at once.
        self.assertGreater(elapsed, 1.4, "flood was not slowed (%.2fs)"
                           % elapsed)
        self.assertLess(elapsed, 6, "flood slowed too much (%.2fs)" % elapsed)
        self.assertIsNotNone(last)

    def test_slowed_lines_go_out_as_they_run(self):
        # 120 messages in one write: 80 run at once, the rest at 20 a
        # second.  Each must reach the room when it runs, not wait with
        # the reader while it is held back (natterd holds a line's
        # wake-ups while more lines are buffered, and must ring them
        # before the throttle makes the reader wait).
        listener, talker = self.in_room("#f", "listener", "talker")
        talker.send_raw(b"".join(b"PRIVMSG #f :m%d\r\n" % i
                                 for i in range(120)))
        arrived = []
        for i in range(120):
            m = listener.expect("PRIVMSG", 10)
            self.assertEqual(m.text, "m%d" % i)
            arrived.append(time.monotonic())
        paced = arrived[80:]
        gaps = [b - a for a, b in zip(paced, paced[1:])]
        self.assertGreater(paced[-1] - paced[0], 1.0, "not slowed")
        self.assertLess(max(gaps), 0.6,
                        "slowed messages came in a burst after %.2fs"
                        % max(gaps))

    def test_persistent_flooder_is_disconnected(self):
        watcher, flooder = self.in_room("#f", "watcher", "flooder")
        deadline = time.monotonic() + 15
        closed = False
        # Keep far over the limit until natterd gives up (bounded).
        for i in range(20000):
            try:
                flooder.send_line("PRIVMSG #f :flood %d" % i)
            except OSError:
                closed = True
                break
            if time.monotonic() > deadline:
                break
        msgs = flooder.read_until_closed(10) if not closed else []
        if msgs:
            self.assertEqual(msgs[-1].command, "ERROR", msgs[-3:])
            self.assertIn("Excess Flood", msgs[-1].text)
        quits = [m for m in watcher.lines_until(
            lambda m: m.command == "QUIT" and m.nick == "flooder", 10)
            if m.command == "QUIT"]
        self.assertIn("Excess Flood", quits[-1].text)


class MaxClients(NatterdTestCase):
    server_args = ("--max-clients", "3")

    def test_full_server_refuses_then_accepts_again(self):
        first = [self.registered("c%d" % i) for i in range(3)]
        extra = self.connect()
        msgs = extra.read_until_closed(5)
        self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertIn("Server is full", msgs[-1].text)
        # One leaves: there is room again.
        first[0].send_line("QUIT :making room")
        first[0].read_until_closed(5)
        deadline = time.monotonic() + 5
        while True:
            again = self.connect()
            try:
                again.register("again")
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        first[1].drain()


class MaxPerIp(NatterdTestCase):
    # The harness lifts the limit; a later option wins.
    server_args = ("--max-per-ip", "2")

    def test_third_connection_from_one_address_is_refused(self):
        a = self.registered("ip1")
        b = self.registered("ip2")
        c = self.connect()
        msgs = c.read_until_closed(5)
        self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertIn("Too many connections", msgs[-1].text)
        a.drain()
        b.drain()

    def test_a_flood_of_refusals_is_logged_in_bounds(self):
        # 40 refused connections: each is told why, but the log gets the
        # first ten (LOG_LIMIT_BURST) and then one line with the count.
        held = [self.registered("ip1"), self.registered("ip2")]
        for _ in range(40):
            c = self.connect()
            msgs = c.read_until_closed(5)
            self.assertIn("Too many connections", msgs[-1].text)
        self.assertEqual(self.server.stop(), 0)
        refused = [l for l in self.server.lines if "refused" in l]
        self.assertEqual(len([l for l in refused
                              if "refused 127.0.0.1:" in l]), 10, refused)
        self.assertEqual(len([l for l in refused
                              if "refused 30 more connections" in l]), 1,
                         refused)
        for c in held:
            c.close()


class OutOfDescriptors(NatterdTestCase):
    # 48 descriptors, but room for 1000 clients: accept() runs out first.
    server_kwargs = {"nofile": 48}
    server_args = ("--max-clients", "1000")

    def test_accept_failures_are_logged_in_bounds(self):
        # Connections beyond the descriptors wait in the listen queue while
        # natterd's accept() fails every 100 ms; the log gets ten of those
        # failures and then one line with the count.
        socks = []
        try:
            for _ in range(60):
                socks.append(socket.create_connection(
                    ("127.0.0.1", self.server.port), timeout=5))
            time.sleep(3)
        finally:
            for s in socks:
                s.close()
        # With descriptors back, the server still answers.
        self.registered("after")
        self.assertEqual(self.server.stop(), 0)
        failed = [l for l in self.server.lines if "accept" in l]
        self.assertEqual(len([l for l in failed if "accept: " in l]), 10,
                         failed)
        summary = [l for l in failed if "accept failed" in l]
        self.assertEqual(len(summary), 1, failed)
        self.assertRegex(summary[0], r"accept failed [1-9][0-9]* more time")


class FullServerSavesHistory(NatterdTestCase):
    # 200 descriptors and a state dir: --max-clients' default must leave
    # the store what it needs (it keeps up to 64 logs open), or a full
    # server relays messages it cannot save (issue 13 item 5).
    ROOMS = 80
    server_kwargs = {"nofile": 200}

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state, "--flood-rate", "0")
        super().setUp()

    def test_every_room_gets_its_log_with_every_client_connected(self):
        clients = []
        for i in range(200):
            c = self.connect()
            try:
                c.send_raw(b"NICK f%d\r\nUSER u 0 * :u\r\n" % i)
            except OSError:
                pass            # refused and closed already: read why
            m = c.expect(lambda m: m.command in ("001", "ERROR"), 10)
            if m.command == "ERROR":
                self.assertIn("Server is full", m.text)
                break
            clients.append(c)
        else:
            self.fail("200 clients accepted with 200 descriptors")
        self.assertGreater(len(clients), self.ROOMS)
        for n in range(self.ROOMS):
            c = clients[n]
            c.send_line("JOIN #full%d" % n)
            c.send_line("PRIVMSG #full%d :saved %d" % (n, n))
        for c in clients[:self.ROOMS]:
            c.send_line("PING :done")
            c.expect(lambda m: m.command == "PONG" and m.text == "done")
        missing = []
        for n in range(self.ROOMS):
            path = os.path.join(self.state, "rooms", "%%23full%d.log" % n)
            try:
                with open(path) as f:
                    if "saved %d" % n not in f.read():
                        missing.append(n)
            except FileNotFoundError:
                missing.append(n)
        self.assertEqual(missing, [], "%d clients; natterd log:\n%s" % (
            len(clients), "\n".join(l for l in self.server.lines
                                     if "log" in l)[-2000:]))


class Motd(NatterdTestCase):

    def setUp(self):
        self.motd_dir = tempfile.mkdtemp(prefix="natterd-motd-")
        self.motd = os.path.join(self.motd_dir, "motd")
        with open(self.motd, "w", encoding="utf-8") as f:
            f.write("old news\n")
        self.server_args = ("--motd", self.motd)
        super().setUp()
        self.addCleanup(lambda: (os.path.exists(self.motd) and
                                 os.unlink(self.motd),
                                 os.rmdir(self.motd_dir)))

    def test_sighup_rereads_the_motd(self):
        c = self.registered("reader")
        self.assertIn("- old news", [m.text for m in c.welcome])
        with open(self.motd, "w", encoding="utf-8") as f:
            f.write("fresh news 你好\nsecond line\n")
        self.server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while True:
            c.send_line("MOTD")
            texts = [m.text for m in c.lines_until("376")]
            if "- fresh news 你好" in texts:
                break
            self.assertLess(time.monotonic(), deadline, texts)
            time.sleep(0.1)
        self.assertIn("- second line", texts)
        self.assertNotIn("- old news", texts)
        # A file that has gone keeps the old MOTD and natterd running.
        os.unlink(self.motd)
        self.server.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        c.send_line("MOTD")
        texts = [m.text for m in c.lines_until("376")]
        self.assertIn("- second line", texts)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon(NatterdTestCase):

    def setUp(self):
        pass    # this test starts its own natterd

    def test_detaches_writes_pidfile_and_stops_on_sigterm(self):
        tmp = tempfile.mkdtemp(prefix="natterd-pid-")
        pidfile = os.path.join(tmp, "natterd.pid")
        port = free_port()
        pid = None
        try:
            done = subprocess.run(
                [natterd_path(), "-d", "--pidfile", pidfile,
                 "-b", "127.0.0.1", "-p", str(port)],
                capture_output=True, timeout=10)
            self.assertEqual(done.returncode, 0, done.stderr)
            deadline = time.monotonic() + 5
            while not os.path.exists(pidfile):
                self.assertLess(time.monotonic(), deadline, "no pid file")
                time.sleep(0.05)
            time.sleep(0.05)
            with open(pidfile) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)                 # alive
            with socket.create_connection(("127.0.0.1", port), 5) as s:
                s.settimeout(5)
                s.sendall(b"NICK d%s\r\nUSER d 0 * :d\r\n" % unique().encode()[:8])
                data = b""
                while b" 001 " not in data:
                    chunk = s.recv(4096)
                    self.assertTrue(chunk, data)
                    data += chunk
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while True:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                self.assertLess(time.monotonic(), deadline, "still running")
                time.sleep(0.05)
            pid = None
            self.assertFalse(os.path.exists(pidfile), "pid file left behind")
        finally:
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if os.path.exists(pidfile):
                os.unlink(pidfile)
            os.rmdir(tmp)


if __name__ == "__main__":
    main()
