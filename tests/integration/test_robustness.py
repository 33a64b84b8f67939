"""natterd under abuse: a client that stops reading is dropped without
slowing the others, a megabyte without a newline gets one 417, overlong
lines are refused and the connection stays usable, the 510-byte limit is
exact, and connections that come and go leave the server healthy."""

import random
import socket
import threading
import time

from natterd_harness import NatterdTestCase, main, parse_line


class SlowClient(NatterdTestCase):
    FLOOD = 20000
    BOUND = 20.0

    def test_stuck_client_is_dropped_others_get_everything(self):
        reader = self.registered("reader")
        reader.join("#a")
        stuck = self.connect(rcvbuf=4096, name="stuck")
        stuck.register("stuck")
        stuck.join("#a")
        flooder = self.registered("flooder")
        flooder.join("#a")
        for c in (reader, stuck, flooder):
            c.drain()
        # From here on "stuck" never reads until the end of the test.

        pad = "x" * 380
        errors = []
        send_done = threading.Event()

        def flood():
            try:
                flooder.sock.settimeout(self.BOUND)
                batch = []
                for i in range(self.FLOOD):
                    batch.append("PRIVMSG #a :%d %s\r\n" % (i, pad))
                    if len(batch) == 100:
                        flooder.sock.sendall("".join(batch).encode())
                        batch = []
                if batch:
                    flooder.sock.sendall("".join(batch).encode())
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
        while expected < self.FLOOD:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            try:
                data = sock.recv(262144)
            except socket.timeout:
                break
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
                elif m.command in ("ERROR", "QUIT", "PART"):
                    problems.append("reader got %r" % m)
        elapsed = time.monotonic() - start
        send_done.wait(5)
        t.join(5)
        self.assertEqual(errors, [], "flooder could not send")
        self.assertEqual(problems, [])
        self.assertEqual(expected, self.FLOOD,
                         "reader got %d of %d messages in %.1fs"
                         % (expected, self.FLOOD, elapsed))

        if stuck_quit is None:
            # It may have been dropped just now; give the QUIT a moment.
            try:
                stuck_quit = reader.expect(
                    lambda m: m.command == "QUIT" and m.nick == "stuck",
                    timeout=3)
            except AssertionError:
                stuck_quit = None
        if stuck_quit is not None:
            self.assertIn("sendq exceeded", stuck_quit.text.lower(),
                          stuck_quit)
        # Whatever the reader saw, the stuck connection must be finished:
        # what natterd had buffered for it, then ERROR or EOF/reset.
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
        self.assertIsNotNone(stuck_quit,
                             "the reader never saw the stuck client's QUIT")
        # And the server is still fine.
        flooder.send_line("PING still-alive")
        self.assertEqual(flooder.expect("PONG").text, "still-alive")


class LongLines(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a, self.b = self.in_room("#a", "aa", "bb")

    def test_megabyte_without_newline(self):
        x = self.registered("xx")
        chatted = []
        stop = threading.Event()

        def chat():
            # a and b keep talking while x floods.
            i = 0
            while not stop.is_set() and i < 200:
                self.a.privmsg("#a", "chat %d" % i)
                m = self.b.expect("PRIVMSG")
                chatted.append((m.text, time.monotonic()))
                i += 1

        x.sock.settimeout(15)
        t = threading.Thread(target=chat, daemon=True)
        t.start()
        chunk = b"z" * 65536
        try:
            for _ in range(16):
                x.sock.sendall(chunk)
        finally:
            stop.set()
            t.join(10)
        x.send_raw(b"\r\n")
        x.send_line("PING after-flood")
        msgs = x.lines_until(
            lambda m: m.command == "PONG" and m.text == "after-flood",
            timeout=10)
        codes = [m.command for m in msgs[:-1]]
        self.assertEqual(codes.count("417"), 1, msgs)
        self.assertEqual([c for c in codes if c != "417"], [], msgs)
        self.assertEqual([m[0] for m in chatted],
                         ["chat %d" % i for i in range(len(chatted))])
        self.assertGreater(len(chatted), 0, "a and b could not chat")
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

    def test_exactly_510_bytes(self):
        head = "PRIVMSG #a :"
        text = "e" * (510 - len(head))
        self.a.send_line(head + text)
        m = self.b.expect("PRIVMSG")
        self.assertEqual(m.text, text)
        # UTF-8 text at the limit counts bytes, not characters.
        text = "é" * ((510 - len(head)) // 2)
        line = head + text
        line += "e" * (510 - len(line.encode()))
        self.assertEqual(len(line.encode()), 510)
        self.a.send_line(line)
        self.assertEqual(self.b.expect("PRIVMSG").text, line[len(head):])
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


class Churn(NatterdTestCase):

    def test_connections_come_and_go(self):
        keeper = self.registered("keeper")
        keeper.join("#a")
        for i in range(40):
            c = self.server.client()
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
            self.assertTrue(m.command.isdigit(), m)


if __name__ == "__main__":
    main()
