"""natterd under abuse: a client that stops reading is dropped without
slowing the others, a megabyte without a newline gets one 417, overlong
lines are refused and the connection stays usable, the 510-byte limit is
exact, and connections that come and go leave the server healthy."""

import random
import socket
import sys
import threading
import time

from natterd_harness import NatterdTestCase, main, parse_line


# The stuck client's receive buffer: small next to the megabytes natterd may
# queue, but above the loopback MSS: a window smaller than one segment makes
# the kernel fall back to zero-window probes with exponential backoff, and
# the final read of what was queued would stall for seconds.
STUCK_RCVBUF = 128 * 1024


class SlowClient(NatterdTestCase):
    # These floods measure the ring and SendQ, not the flood throttle.
    server_args = ("--flood-rate", "0")

    # The flooder sends at least MIN_FLOOD messages, and goes on (up to
    # MAX_FLOOD) until the stuck client has been dropped: how much the
    # kernel buffers for a peer that does not read varies between machines.
    MIN_FLOOD = 20000
    MAX_FLOOD = 120000
    BOUND = 30.0

    def test_stuck_client_is_dropped_others_get_everything(self):
        reader = self.registered("reader")
        reader.join("#a")
        stuck = self.connect(rcvbuf=STUCK_RCVBUF, name="stuck")
        stuck.register("stuck")
        stuck.join("#a")
        flooder = self.registered("flooder")
        flooder.join("#a")
        for c in (reader, stuck, flooder):
            c.drain()
        # From here on "stuck" never reads until the end of the test.

        pad = "x" * 440
        errors = []
        sent = [0]
        send_done = threading.Event()
        stuck_gone = threading.Event()

        def flood():
            try:
                flooder.sock.settimeout(self.BOUND)
                n = 0
                while n < self.MAX_FLOOD:
                    if n >= self.MIN_FLOOD:
                        # natterd notices the lag when the stuck writer's
                        # send times out: go on, gently, until then.
                        if stuck_gone.wait(0.01):
                            break
                    flooder.sock.sendall("".join(
                        "PRIVMSG #a :%d %s\r\n" % (i, pad)
                        for i in range(n, n + 100)).encode())
                    n += 100
                    sent[0] = n
            except OSError as e:
                errors.append(e)
            finally:
                send_done.set()

        start = time.monotonic()
        deadline = start + self.BOUND
        t = threading.Thread(target=flood, daemon=True)
        t.start()

        expected = 0
        stuck_quit = None
        problems = []
        buf = bytearray()
        sock = reader.sock
        while not (send_done.is_set() and expected >= sent[0]
                   and stuck_quit is not None):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(min(remaining, 0.5))
            try:
                data = sock.recv(262144)
            except socket.timeout:
                continue
            if not data:
                problems.append("reader's connection was closed")
                break
            buf += data
            *lines, rest = bytes(buf).split(b"\n")
            buf = bytearray(rest)
            for raw in lines:
                if raw.startswith(b":flooder!") and b" PRIVMSG #a :" in raw:
                    num = int(raw.split(b" :", 1)[1].split(b" ", 1)[0])
                    if num != expected:
                        problems.append("message %d arrived when %d was "
                                        "expected" % (num, expected))
                        expected = num
                    expected += 1
                    continue
                m = parse_line(raw.rstrip(b"\r"))
                if m.command == "QUIT" and m.nick == "stuck":
                    stuck_quit = m
                    stuck_gone.set()
                elif m.command in ("ERROR", "QUIT", "PART"):
                    problems.append("reader got %r" % m)
        elapsed = time.monotonic() - start
        stuck_gone.set()
        send_done.wait(5)
        t.join(5)
        self.assertEqual(errors, [], "flooder could not send")
        self.assertEqual(problems[:5], [])
        self.assertEqual(expected, sent[0],
                         "reader got %d of %d messages in %.1fs"
                         % (expected, sent[0], elapsed))
        self.assertIsNotNone(stuck_quit,
                             "the reader never saw the stuck client's QUIT "
                             "(%d messages sent in %.1fs)"
                             % (sent[0], elapsed))
        self.assertIn("sendq exceeded", stuck_quit.text.lower(), stuck_quit)

        # The stuck connection is finished: what natterd had buffered for
        # it, maybe ERROR :SendQ exceeded, then EOF or reset.
        stuck.sock.settimeout(5)
        end = time.monotonic() + 10
        closed = False
        tail = b""
        while time.monotonic() < end:
            try:
                data = stuck.sock.recv(1 << 20)
            except socket.timeout:
                break
            except (ConnectionResetError, ConnectionAbortedError):
                closed = True
                break
            if not data:
                closed = True
                break
            tail = (tail + data)[-2048:]
        self.assertTrue(closed, "the stuck client was never disconnected; "
                        "last bytes it got: %r" % tail[-300:])
        # And the server is still fine.
        flooder.send_line("PING still-alive")
        self.assertEqual(flooder.expect("PONG").text, "still-alive")
        sys.stderr.write("[%d messages relayed in %.1fs] " % (sent[0], elapsed))


class LongLines(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a, self.b = self.in_room("#a", "aa", "bb")

    def test_megabyte_without_newline(self):
        x = self.registered("xx")
        flooding = threading.Event()
        done = threading.Event()
        errors = []

        def flood():
            # 1 MiB without a newline, in pieces, so a and b talk meanwhile.
            try:
                x.sock.settimeout(15)
                flooding.set()
                for _ in range(64):
                    x.sock.sendall(b"z" * 16384)
                    time.sleep(0.005)
            except OSError as e:
                errors.append(e)
            finally:
                done.set()

        t = threading.Thread(target=flood, daemon=True)
        t.start()
        flooding.wait(5)
        during = 0
        i = 0
        while not done.is_set() or i < 3:
            self.a.privmsg("#a", "chat %d" % i)
            m = self.b.expect("PRIVMSG")
            self.assertEqual(m.text, "chat %d" % i)
            if not done.is_set():
                during += 1
            i += 1
        t.join(10)
        self.assertEqual(errors, [])
        self.assertGreater(during, 0, "a and b could not chat during the flood")
        x.send_raw(b"\r\n")
        x.send_line("PING after-flood")
        msgs = x.lines_until(
            lambda m: m.command == "PONG" and m.text == "after-flood",
            timeout=10)
        codes = [m.command for m in msgs[:-1]]
        self.assertEqual(codes.count("417"), 1, msgs)
        self.assertEqual([c for c in codes if c != "417"], [], msgs)
        # x is still a full member of the server.
        x.privmsg("aa", "I survived")
        self.assertEqual(self.a.expect("PRIVMSG").text, "I survived")

    def test_overlong_privmsg(self):
        self.a.send_line("PRIVMSG #a :" + "o" * 600)
        m = self.a.expect("417")
        self.assertEqual(m.params[0], "aa", m)
        self.a.send_line("PING next")
        self.assertEqual(self.a.expect("PONG").text, "next")
        self.assertEqual([m for m in self.b.drain()
                          if m.command == "PRIVMSG"], [])

    def check_relayed(self, sent_text, m):
        """The text was relayed whole, or cut (on a UTF-8 character
        boundary) only so that the relayed line fits in 512 bytes."""
        self.assertTrue(m.raw.decode("utf-8", "strict"))
        self.assertTrue(sent_text.startswith(m.text) and m.text,
                        (sent_text, m.text))
        if m.text != sent_text:
            cut = sent_text[len(m.text)].encode()
            self.assertLessEqual(len(m.raw), 510, m)
            self.assertGreater(len(m.raw) + len(cut), 510,
                               "cut to %d bytes, not to fit the 512-byte "
                               "line" % len(m.raw))

    def test_exactly_510_bytes(self):
        head = "PRIVMSG #a :"
        text = "e" * (510 - len(head))
        self.a.send_line(head + text)
        self.check_relayed(text, self.b.expect("PRIVMSG"))
        # UTF-8 text at the limit counts bytes, not characters; a cut
        # never splits a character.
        for odd in (0, 1):
            line = head + "e" * odd + "é" * ((510 - len(head) - odd) // 2)
            line += "e" * (510 - len(line.encode()))
            self.assertEqual(len(line.encode()), 510)
            self.a.send_line(line)
            self.check_relayed(line[len(head):], self.b.expect("PRIVMSG"))
        # To a nick (shorter prefix), too.
        head = "PRIVMSG bb :"
        text = "字" * ((510 - len(head)) // 3)
        text += "e" * (510 - len((head + text).encode()))
        self.a.send_line(head + text)
        self.check_relayed(text, self.b.expect("PRIVMSG"))
        self.assertEqual([m.command for m in self.a.drain()], [])

    def test_511_bytes(self):
        head = "PRIVMSG #a :"
        self.a.send_line(head + "e" * (511 - len(head)))
        self.assertEqual(self.a.expect("417").params[0], "aa")
        self.assertEqual([m for m in self.b.drain()
                          if m.command == "PRIVMSG"], [])

    def test_several_overlong_lines_in_one_write(self):
        long = b"PRIVMSG #a :" + b"q" * 3000 + b"\r\n"
        self.a.send_raw(long + long + b"PRIVMSG #a :short\r\n")
        self.assertEqual(self.b.expect("PRIVMSG").text, "short")
        codes = [m.command for m in self.a.drain()]
        self.assertEqual(codes, ["417", "417"])


    def test_tags_do_not_count(self):
        # Client tags have their own budget (IRCv3 message-tags): a line
        # with 600 bytes of tags and a short message is no 417.
        self.a.send_line("@+example=%s;label=1 PRIVMSG #a :tagged"
                         % ("v" * 600))
        m = self.b.expect("PRIVMSG")
        self.assertEqual(m.params, ["#a", "tagged"], m)
        self.assertEqual([m.command for m in self.a.drain()], [])


class Races(NatterdTestCase):

    def test_nick_race(self):
        # Ten connections ask for the same nick at once: one gets it.
        n = 10
        clients = [self.connect() for _ in range(n)]
        for c in clients:
            c.send_line("USER u 0 * :race")
        barrier = threading.Barrier(n)

        def go(c):
            barrier.wait(5)
            c.send_line("NICK same")

        threads = [threading.Thread(target=go, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        outcomes = [c.expect(("001", "433")).command for c in clients]
        self.assertEqual(sorted(outcomes), ["001"] + ["433"] * (n - 1))


class Churn(NatterdTestCase):

    def test_connections_come_and_go(self):
        keeper = self.registered("keeper")
        keeper.join("#a")
        for i in range(40):
            c = self.connect()
            kind = i % 4
            if kind == 0:
                c.close()                           # connect, say nothing
            elif kind == 1:
                c.send_raw(b"NICK half")            # half a line, then gone
                c.close()
            elif kind == 2:
                c.register("churn%d" % i)
                c.send_line("JOIN #a")
                c.close()
            else:
                c.register("churn%d" % i)
                c.send_line("JOIN #a")
                c.send_line("PRIVMSG #a :hi from %d" % i)
                c.send_line("QUIT :done")
                c.read_until_closed()
        # Everyone who joined also left (natterd notices a close
        # asynchronously, so wait a little for the last QUITs).
        msgs = keeper.drain()
        end = time.monotonic() + 5
        while True:
            joined = {m.nick for m in msgs if m.command == "JOIN"}
            left = {m.nick for m in msgs if m.command in ("QUIT", "PART")}
            if left == joined or time.monotonic() > end:
                break
            time.sleep(0.1)
            msgs += keeper.drain()
        self.assertEqual(left, joined)
        self.assertFalse(joined - {"churn%d" % i for i in range(40)}, joined)
        texts = [m.text for m in msgs if m.command == "PRIVMSG"]
        self.assertEqual(texts, ["hi from %d" % i for i in range(3, 40, 4)])
        late = self.registered("late")
        names = [m for m in late.join("#a") if m.command == "353"]
        self.assertEqual(sorted(n.lstrip("@+") for m in names
                                for n in m.params[3].split()),
                         ["keeper", "late"], names)

    def test_garbage_bytes(self):
        c = self.registered("junk")
        c.send_raw(b"\x00\x01\x02\xff\xfe garbage\r\n\r\n\n   \r\n:\r\n")
        junk = random.Random(1).randbytes(300)
        c.send_raw(junk.replace(b"\n", b".").replace(b"\r", b".") + b"\r\n")
        c.send_line("PING survived")
        msgs = c.lines_until("PONG")
        self.assertEqual(msgs[-1].text, "survived", msgs)
        for m in msgs[:-1]:
            # Numerics, or a server NOTICE explaining a dropped line.
            self.assertTrue(m.command.isdigit() or (
                m.command == "NOTICE" and m.source == c.server_name), m)


if __name__ == "__main__":
    main()
