"""IRCv3 labeled-response: one labeled line, a labeled-response batch for
several (with batch), a labeled ACK for none; the client's own JOIN and
echo inside it, others' copies unlabeled; without the cap, nothing."""

from natterd_harness import NatterdTestCase, main
from test_history import cap_client


class Labeled(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a = cap_client(self, "ann", ["labeled-response", "batch",
                                          "echo-message", "message-tags"])

    def test_single_line_and_ack(self):
        self.a.send_line("@label=p1 PING :x")
        m = self.a.expect("PONG")
        self.assertEqual(m.tags, {"label": "p1"})
        self.a.send_line("@label=p2 PONG :x")
        m = self.a.next_message()
        self.assertEqual((m.command, m.tags), ("ACK", {"label": "p2"}))
        self.a.send_line("@label=p3 FOO_BAR")
        m = self.a.next_message()
        self.assertEqual((m.command, m.tags), ("421", {"label": "p3"}))
        # Escaped values come back escaped as they were.
        self.a.send_line(r"@label=a\sb\:c PING :y")
        self.assertEqual(self.a.expect("PONG").tags["label"], "a b;c")

    def test_join_in_a_batch(self):
        self.a.send_line("@label=j1 JOIN #l")
        msgs = self.a.lines_until(lambda m: m.command == "BATCH"
                                  and m.params[0].startswith("-"))
        start, inner, end = msgs[0], msgs[1:-1], msgs[-1]
        self.assertEqual((start.command, start.params[1], start.tags["label"]),
                         ("BATCH", "labeled-response", "j1"))
        ref = start.params[0][1:]
        self.assertRegex(ref, r"^[A-Za-z0-9-]+$")
        self.assertEqual(end.params, ["-" + ref])
        self.assertEqual([m.command for m in inner], ["JOIN", "353", "366"])
        for m in inner:
            self.assertEqual(m.tags.get("batch"), ref, m)

    def test_nested_chathistory_batch(self):
        h = cap_client(self, "hal", ["labeled-response", "batch",
                                     "message-tags", "server-time",
                                     "draft/chathistory"])
        h.join("#n")
        h.privmsg("#n", "one")
        h.drain()
        h.send_line("@label=c1 CHATHISTORY LATEST #n * 5")
        msgs = h.lines_until(lambda m: m.command == "BATCH" and
                             m.params[0].startswith("-") and
                             "batch" not in m.tags)
        outer = msgs[0].params[0][1:]
        self.assertEqual((msgs[0].params[1], msgs[0].tags["label"]),
                         ("labeled-response", "c1"))
        inner_open = msgs[1]
        self.assertEqual((inner_open.command, inner_open.params[1],
                          inner_open.tags["batch"]),
                         ("BATCH", "chathistory", outer))
        inner = inner_open.params[0][1:]
        self.assertEqual([(m.command, m.tags["batch"]) for m in msgs[2:-1]],
                         [("PRIVMSG", inner), ("BATCH", outer)])
        self.assertEqual(msgs[-1].params, ["-" + outer])

    def test_echo_labeled_others_not(self):
        b = cap_client(self, "ben", ["message-tags"])
        for c in (self.a, b):
            c.join("#l")
        self.a.drain()
        b.drain()
        self.a.send_line("@label=m1 PRIVMSG #l :hi")
        echo = self.a.expect("PRIVMSG")
        self.assertEqual(echo.tags["label"], "m1")
        theirs = b.expect("PRIVMSG")
        self.assertNotIn("label", theirs.tags)
        self.assertEqual(echo.tags["msgid"], theirs.tags["msgid"])
        # To oneself: the echo labeled, the delivery not.
        self.a.send_line("@label=m2 PRIVMSG ann :me")
        got = [self.a.expect("PRIVMSG"), self.a.expect("PRIVMSG")]
        self.assertEqual(sorted(m.tags.get("label", "") for m in got),
                         ["", "m2"])

    def test_statusmsg_echo_labeled(self):
        # ann opens the room (an operator), ben is voiced: a line to the
        # voiced and up reaches ben unlabeled, and ann's echo is labeled,
        # once.
        b = cap_client(self, "ben", ["message-tags"])
        self.a.join("#s")
        b.join("#s")
        self.a.send_line("MODE #s +v ben")
        b.expect(lambda m: m.command == "MODE" and m.params[1:] ==
                 ["+v", "ben"])
        self.a.drain()
        self.a.send_line("@label=s1 PRIVMSG +#s :to the voiced")
        echo = self.a.expect("PRIVMSG")
        self.assertEqual((echo.params, echo.tags["label"]),
                         (["+#s", "to the voiced"], "s1"))
        theirs = b.expect("PRIVMSG")
        self.assertNotIn("label", theirs.tags)
        self.assertEqual(echo.tags["msgid"], theirs.tags["msgid"])
        self.a.send_line("PING :after")
        self.assertEqual(self.a.next_message().command, "PONG")

    def test_without_the_cap(self):
        p = self.registered("pam")
        p.send_line("@label=z PING :x")
        self.assertEqual(p.expect("PONG").tags, {})
        p.send_line("@label=z PONG :x")
        p.send_line("PING :after")
        self.assertEqual(p.next_message().command, "PONG")

    def test_several_lines_without_batch_unlabeled(self):
        c = cap_client(self, "cid", ["labeled-response"])
        c.send_line("@label=n JOIN #nb")
        msgs = c.lines_until("366")
        self.assertEqual([m.command for m in msgs], ["JOIN", "353", "366"])
        self.assertEqual([m.tags for m in msgs], [{}, {}, {}])


if __name__ == "__main__":
    main()
