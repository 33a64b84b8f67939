"""natterd: PRIVMSG and NOTICE to rooms and nicks, several targets, UTF-8
relayed byte for byte, parameter parsing, and many clients at once with
every message delivered exactly once and in order."""

import selectors
import threading
import time

from natterd_harness import NatterdTestCase, main, parse_line


def privmsgs(msgs):
    return [m for m in msgs if m.command in ("PRIVMSG", "NOTICE")]


class RoomMessages(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a, self.b, self.c = self.in_room("#a", "ada", "bo", "cy")
        self.d = self.registered("di")       # in no room

    def test_privmsg_to_room(self):
        self.a.privmsg("#a", "hello room")
        for cl in (self.b, self.c):
            m = cl.expect("PRIVMSG")
            self.assertEqual(m.source, "ada!user@127.0.0.1", m)
            self.assertEqual(m.params, ["#a", "hello room"], m)
        # The sender does not get its own message back, outsiders get
        # nothing, and the others got it once.
        self.assertEqual(privmsgs(self.a.drain()), [])
        self.assertEqual(privmsgs(self.d.drain()), [])
        self.assertEqual(privmsgs(self.b.drain()), [])

    def test_notice_to_room(self):
        self.b.send_line("NOTICE #a :a notice")
        for cl in (self.a, self.c):
            m = cl.expect("NOTICE")
            self.assertEqual(m.nick, "bo", m)
            self.assertEqual(m.params, ["#a", "a notice"], m)
        self.assertEqual(privmsgs(self.b.drain()), [])

    def test_privmsg_to_nick(self):
        self.a.privmsg("BO", "psst")
        m = self.b.expect("PRIVMSG")
        self.assertEqual(m.source, "ada!user@127.0.0.1", m)
        self.assertEqual(m.params[0].lower(), "bo", m)
        self.assertEqual(m.text, "psst", m)
        self.d.privmsg("cy", "from outside any room")
        m = self.c.expect("PRIVMSG")
        self.assertEqual((m.nick, m.text), ("di", "from outside any room"))
        self.a.drain()
        self.d.drain()
        for cl in (self.a, self.d, self.b, self.c):
            self.assertEqual(privmsgs(cl.drain()), [], cl)

    def test_notice_to_nick(self):
        self.c.send_line("NOTICE di :heads up")
        m = self.d.expect("NOTICE")
        self.assertEqual((m.nick, m.params), ("cy", ["di", "heads up"]))

    def test_several_targets(self):
        self.a.send_line("JOIN #b")
        self.a.lines_until("366")
        e = self.registered("ed")
        e.join("#b")
        self.a.send_line("PRIVMSG #a,di,#b :to three targets")
        got = {}
        for cl in (self.b, self.c, self.d, e):
            m = cl.expect("PRIVMSG")
            got[cl.nick] = m.params[0].lower()
            self.assertEqual(m.text, "to three targets", m)
        self.assertEqual(got, {"bo": "#a", "cy": "#a", "di": "di", "ed": "#b"})
        self.a.drain()
        for cl in (self.b, self.c, self.d, e, self.a):
            self.assertEqual(privmsgs(cl.drain()), [], cl)

    def test_four_targets_with_unknown_ones(self):
        self.a.send_line("PRIVMSG #a,di,nobody,#nosuch :four")
        errs = [self.a.expect("401"), self.a.expect("401")]
        self.assertEqual(sorted(m.params[1] for m in errs),
                         ["#nosuch", "nobody"], errs)
        self.assertEqual(self.d.expect("PRIVMSG").text, "four")
        for cl in (self.b, self.c):
            m = cl.expect("PRIVMSG")
            self.assertEqual((m.params[0], m.text), ("#a", "four"), m)

    def test_utf8_byte_for_byte(self):
        text = "你好，世界！🎉👍🏽 café naïve — Ελληνικά"
        self.a.privmsg("#a", text)
        m = self.b.expect("PRIVMSG")
        self.assertEqual(m.text, text)
        self.assertTrue(m.raw.endswith(b" :" + text.encode("utf-8")), m.raw)
        self.d.privmsg("ada", text)
        m = self.a.expect("PRIVMSG")
        self.assertTrue(m.raw.endswith(text.encode("utf-8")), m.raw)

    def test_parameter_parsing(self):
        cases = [("PRIVMSG #a ::-) colon  and  spaces ", ":-) colon  and  spaces "),
                 ("PRIVMSG #a single", "single"),
                 ("PRIVMSG   #a   :extra spaces between", "extra spaces between"),
                 ("privmsg #a :lower-case command", "lower-case command"),
                 ("PRIVMSG #a :tab\there", "tab\there")]
        for line, text in cases:
            with self.subTest(line=line):
                self.a.send_line(line)
                m = self.b.expect("PRIVMSG")
                self.assertEqual(m.text, text, m)

    def test_lf_only_line_endings(self):
        self.a.send_raw(b"PRIVMSG #a :bare lf\nPRIVMSG #a :crlf\r\n")
        self.assertEqual(self.b.expect("PRIVMSG").text, "bare lf")
        self.assertEqual(self.b.expect("PRIVMSG").text, "crlf")

    def test_burst_ending_without_a_command(self):
        # natterd holds a line's wake-ups while more whole lines are
        # buffered; lines that run no command (empty, whitespace) end the
        # burst too, and must not leave the messages unsent until some
        # other client's activity.
        self.a.send_raw(b"PRIVMSG #a :one\r\nPRIVMSG #a :two\r\n\r\n \r\n")
        for cl in (self.b, self.c):
            self.assertEqual(cl.expect("PRIVMSG", timeout=2).text, "one")
            self.assertEqual(cl.expect("PRIVMSG", timeout=2).text, "two")

    def test_split_writes(self):
        line = "PRIVMSG #a :written in pieces\r\n".encode()
        for i in range(0, len(line), 3):
            self.a.send_raw(line[i:i + 3])
            time.sleep(0.01)
        self.assertEqual(self.b.expect("PRIVMSG").text, "written in pieces")

    def test_order_from_one_sender(self):
        n = 300
        self.a.send_raw("".join("PRIVMSG #a :seq %d\r\n" % i
                                for i in range(n)).encode())
        for cl in (self.b, self.c):
            got = [cl.expect("PRIVMSG").text for _ in range(n)]
            self.assertEqual(got, ["seq %d" % i for i in range(n)])


class ManyClients(NatterdTestCase):
    CLIENTS = 50
    MESSAGES = 20
    BOUND = 20.0

    def test_many_clients_one_room(self):
        nicks = ["c%02d" % i for i in range(self.CLIENTS)]
        clients = []
        for nick in nicks:
            c = self.registered(nick)
            c.join("#big")
            clients.append(c)
        for c in clients:
            c.drain(10)
            c.sock.setblocking(False)

        got = {c.nick: {n: [] for n in nicks} for c in clients}
        errors = []

        def sender():
            try:
                for i in range(self.MESSAGES):
                    for c in clients:
                        c.sock.settimeout(5)
                        c.sock.sendall(("PRIVMSG #big :%s %d\r\n"
                                        % (c.nick, i)).encode())
            except OSError as e:
                errors.append(e)

        expected = (self.CLIENTS - 1) * self.MESSAGES
        counts = {c.nick: 0 for c in clients}
        sel = selectors.DefaultSelector()
        for c in clients:
            sel.register(c.sock, selectors.EVENT_READ, c)
        t = threading.Thread(target=sender, daemon=True)
        start = time.monotonic()
        t.start()
        deadline = start + self.BOUND
        done = 0
        while done < len(clients) and time.monotonic() < deadline:
            for key, _ in sel.select(0.2):
                c = key.data
                try:
                    data = c.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except ConnectionError as e:
                    self.fail("%s lost its connection: %r" % (c.nick, e))
                if not data:
                    self.fail("%s: connection closed by natterd" % c.nick)
                c.buf += data
                *lines, rest = bytes(c.buf).split(b"\n")
                c.buf = bytearray(rest)
                for raw in lines:
                    m = parse_line(raw.rstrip(b"\r"))
                    if m.command != "PRIVMSG":
                        if m.command in ("ERROR", "QUIT"):
                            self.fail("%s got %r" % (c.nick, m))
                        continue
                    sender_nick, _, num = m.text.partition(" ")
                    self.assertEqual(m.nick, sender_nick, m)
                    self.assertNotEqual(sender_nick, c.nick,
                                        "%s got its own message" % c.nick)
                    got[c.nick][sender_nick].append(int(num))
                    counts[c.nick] += 1
                    if counts[c.nick] == expected:
                        done += 1
        t.join(5)
        sel.close()
        elapsed = time.monotonic() - start
        self.assertEqual(errors, [])
        want = list(range(self.MESSAGES))
        for c in clients:
            for s in nicks:
                if s == c.nick:
                    continue
                self.assertEqual(got[c.nick][s], want,
                                 "%s received from %s (after %.1fs)"
                                 % (c.nick, s, elapsed))
        # Nothing more trickles in afterwards (no duplicates).
        for c in clients[:5]:
            c.sock.setblocking(True)
            extra = [m for m in c.drain() if m.command == "PRIVMSG"]
            self.assertEqual(extra, [], c.nick)


if __name__ == "__main__":
    main()
