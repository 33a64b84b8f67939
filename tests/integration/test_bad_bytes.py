"""Bad bytes from IRC clients, the cases the other tests leave out: a NUL
drops the line with a notice, a CR inside a line never splits it or
reaches anybody, invalid UTF-8 is refused where a name must be UTF-8 and
passed on as it is in text, 15 and more parameters follow RFC 1459 (the
15th takes the rest), unknown commands get 451 or 421 in every state and
never turn IRC software into a plain-door user, CTCP and DCC pass to IRC
clients untouched and reach a plain-door user without a control byte, and
terminal escapes cannot be part of a nick.  After each, the connection
still works.
"""

from natterd_harness import NatterdTestCase, main
from test_plain import PlainTestCase


class BadBytes(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.alice, self.bob = self.in_room("#a", "alice", "bob")

    def usable(self, c):
        """c's connection still works: a PING is answered."""
        c.send_line("PING :usable")
        self.assertEqual(c.expect("PONG").text, "usable")

    def relayed(self):
        """What bob received since the last look (PRIVMSG and TOPIC), once
        natterd has run all alice sent."""
        self.alice.drain()
        return [m for m in self.bob.drain()
                if m.command in ("PRIVMSG", "TOPIC")]

    def test_nul_drops_the_line(self):
        self.alice.send_raw(b"PRIVMSG #a :nul\x00byte\r\n")
        m = self.alice.expect("NOTICE")
        self.assertIn("NUL", m.text)
        self.assertEqual(self.relayed(), [])
        self.usable(self.alice)

    def test_cr_inside_a_line_never_reaches_anybody(self):
        self.alice.send_raw(b"PRIVMSG #a :one\rtwo\r\n"
                            b"PRIVMSG #a :three\r\r\n"
                            b"PRIVMSG #a :four\rNICK mallory\r\n")
        self.alice.drain()
        got = self.relayed()
        self.assertEqual(len(got), 3, got)
        for m in got:
            self.assertNotIn(b"\r", m.raw)
        self.assertEqual(got[0].text.split(), ["one", "two"])
        # The CR did not start a NICK command.
        self.alice.send_line("WHOIS alice")
        self.assertEqual(self.alice.expect("311").params[1], "alice")
        self.usable(self.alice)

    def test_invalid_utf8_in_names_and_text(self):
        a = self.alice
        a.send_raw(b"NICK caf\xff\r\n")
        self.assertEqual(a.expect(("432", "NICK", "FAIL")).command, "432")
        a.send_raw(b"JOIN #caf\xe9\r\n")
        self.assertEqual(a.expect(("403", "479", "JOIN", "FAIL")).params[:2],
                         ["JOIN", "INVALID_UTF8"])
        # UTF8ONLY: a line that is not UTF-8 is refused whole, with FAIL
        # (labeled if asked), and nothing of it is relayed or kept.
        self.assertIn("UTF8ONLY", a.isupport)
        for line, command in ((b"TOPIC #a :caf\xe9", "TOPIC"),
                              (b"PRIVMSG #a :caf\xe9 \xff\xfe", "PRIVMSG"),
                              (b"NOTICE #a :\xc3", "NOTICE"),
                              (b"AWAY :\xe9t\xe9", "AWAY")):
            a.send_raw(line + b"\r\n")
            m = a.expect("FAIL")
            self.assertEqual(m.params[:2], [command, "INVALID_UTF8"], m)
        self.assertEqual(self.relayed(), [])
        a.send_raw(b"PRIVMSG #a :caf\xc3\xa9\r\n")
        self.assertEqual([m.text for m in self.relayed()], ["caf\u00e9"])
        self.usable(a)

    def test_fifteen_and_more_parameters(self):
        a = self.alice
        # 20 words: the 15th parameter takes the rest of the line.
        words = " ".join("w%d" % i for i in range(20))
        a.send_line("PRIVMSG #a " + words)
        a.send_line("PRIVMSG #a " + " ".join("p%d" % i for i in range(14)) +
                    " :last one")
        got = self.relayed()
        self.assertEqual([m.text for m in got], ["w0", "p0"], got)
        # A command whose parameters count: USER after registration.
        a.send_line("USER " + words)
        self.assertEqual(a.expect("462").command, "462")
        self.usable(a)

    def test_ctcp_and_dcc_pass_untouched(self):
        self.alice.send_raw(b"PRIVMSG bob :\x01VERSION\x01\r\n"
                            b"PRIVMSG bob :\x01DCC SEND evil.exe 2130706433 "
                            b"5000 100\x01\r\n"
                            b"NOTICE bob :\x01PING 123\x01\r\n")
        self.alice.drain()
        got = [m for m in self.bob.drain()
               if m.command in ("PRIVMSG", "NOTICE")]
        self.assertEqual([m.text for m in got],
                         ["\x01VERSION\x01",
                          "\x01DCC SEND evil.exe 2130706433 5000 100\x01",
                          "\x01PING 123\x01"], got)
        self.usable(self.bob)

    def test_escapes_cannot_be_in_a_nick(self):
        a = self.alice
        for nick in (b"\x1b[31mred", b"a\xc2\x9bb", b"bell\x07", b"a\x7fb",
                     b"\xe2\x80\xaeevil"):      # also RIGHT-TO-LEFT OVERRIDE
            a.send_raw(b"NICK " + nick + b"\r\n")
            m = a.expect(("432", "NICK"))
            self.assertEqual(m.command, "432", nick)
        self.usable(a)


class UnknownCommands(NatterdTestCase):
    """An unknown command is answered in every state, and a connection
    that has spoken IRC is never greeted as a person afterwards."""

    def answer(self, c, line):
        c.send_line(line)
        c.send_line("PING :after")
        msgs = c.lines_until("PONG")
        for m in msgs:
            self.assertNotIn(b"nickname", m.raw.lower(), msgs)
        return [m.command for m in msgs[:-1]]

    def test_before_registration(self):
        c = self.connect()
        c.send_line("NICK early")
        self.assertEqual(self.answer(c, "FROBNICATE x"), ["451"])
        self.assertEqual(self.answer(c, "frobnicate"), ["451"])
        c.send_raw(b"BAD\x00LINE\r\n")
        self.assertEqual(c.expect("NOTICE").command, "NOTICE")
        c.send_line("USER u 0 * :u")
        c.finish_registration()

    def test_during_cap_negotiation(self):
        c = self.connect()
        c.send_line("CAP LS 302")
        c.expect("CAP")
        self.assertEqual(self.answer(c, "frobnicate now"), ["451"])
        c.send_line("NICK capper")
        c.send_line("USER u 0 * :u")
        c.send_line("CAP END")
        c.finish_registration()

    def test_person_whose_first_words_look_like_irc(self):
        # Lower case, even a command's name with its parameters, is a
        # person typing: greeted at once, the line kept for later.
        p = self.connect()
        p.send_line("join #lobby")
        m = p.expect(lambda m: b"before this greeting" in m.raw)
        self.assertIn(b'"join #lobby"', m.raw)
        p.expect(lambda m: b"nickname" in m.raw.lower())

    def test_registered(self):
        c = self.registered("reg")
        self.assertEqual(self.answer(c, "FROBNICATE"), ["421"])
        self.assertEqual(self.answer(c, "frobnicate x y :z"), ["421"])
        # A word that cannot be a command is still one natterd does not
        # know (labeled-response labels it like any).
        self.assertEqual(self.answer(c, "FROB_NICATE x"), ["421"])
        # Not even a word: the line is dropped with a notice.
        self.assertEqual(self.answer(c, "\x01VERSION\x01"), ["NOTICE"])


class PlainSideOfCtcp(PlainTestCase):

    def test_ctcp_and_dcc_reach_a_plain_user_without_controls(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        bob.send_raw(b"PRIVMSG alice :\x01DCC SEND evil.exe 2130706433 5000 "
                     b"100\x01\r\nPRIVMSG alice :\x01VERSION\x01\r\n")
        bob.drain()
        lines = alice.sync()
        # The offer in words (issue 18), the other CTCP visibly.
        self.assertTrue(any("bob offers you a file: evil.exe (100 B)" in l
                            for l in lines), lines)
        self.assertTrue(any("^AVERSION^A" in l for l in lines), lines)
        self.assertNotIn(b"\x01", alice.received)
        self.assert_safe(alice)
        alice.send("/frobnicate")
        self.assertIn("no /frobnicate command", alice.expect("frobnicate"))


if __name__ == "__main__":
    main()
