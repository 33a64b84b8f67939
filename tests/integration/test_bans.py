"""natterd: bans (+b), exceptions (+e) and the mute extban (+b m:mask):
masks in their nick!user@host form, matched without regard to case,
the lists (367/368, 348/349) with setter and time, 478 when a list is
full, 474 on JOIN, 404 for a banned or muted member who is neither
voiced nor an operator, 435 for such a member's NICK, and EXCEPTS,
INVEX, EXTBAN and MAXLIST in 005."""

import time

from natterd_harness import NatterdTestCase, main


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


class Bans(NatterdTestCase):

    def test_isupport(self):
        a = self.registered("pam")
        self.assertEqual(a.isupport.get("EXCEPTS"), "e")
        self.assertEqual(a.isupport.get("INVEX"), "I")
        self.assertEqual(a.isupport.get("EXTBAN"), ",m")
        self.assertEqual(a.isupport.get("MAXLIST"), "beI:64")
        self.assertEqual(a.isupport.get("STATUSMSG"), "@+")

    def test_ban_on_join_with_exception(self):
        a = self.registered("pam")
        a.join("#r")
        a.send_line("MODE #r +b RAY")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+b", "RAY!*@*"], m)
        b = self.registered("ray")
        b.send_line("JOIN #r")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("474", ["ray", "#r"]), m)
        a.send_line("MODE #r +e *!*@127.0.0.1")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+e", "*!*@127.0.0.1"], m)
        msgs = b.join("#r")
        self.assertIn("JOIN", [m.command for m in msgs])
        # -b with another spelling of the same mask removes it.
        a.send_line("MODE #r -eb 127.0.0.1 ray!*@*")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "-eb", "*!*@127.0.0.1", "RAY!*@*"],
                         m)
        a.send_line("MODE #r b")
        self.assertEqual(a.expect(numeric).command, "368")

    def test_lists(self):
        before = int(time.time())
        a, b = self.in_room("#r", "pam", "ray")
        a.send_line("MODE #r +bbe x!*@* m:y *!*@10.*")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+bbe", "x!*@*", "m:y!*@*",
                                    "*!*@10.*"], m)
        b.expect("MODE")
        # Members who are not operators may look.
        b.send_line("MODE #r +b")
        got = b.lines_until("368")
        bans = [m for m in got if m.command == "367"]
        self.assertEqual([m.params[2] for m in bans], ["x!*@*", "m:y!*@*"])
        for m in bans:
            self.assertEqual(m.params[:2], ["ray", "#r"], m)
            self.assertTrue(m.params[3].startswith("pam!user@"), m)
            self.assertTrue(before - 2 <= int(m.params[4]) <= time.time() + 2)
        b.send_line("MODE #r e")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[2]), ("348", "*!*@10.*"), m)
        self.assertEqual(b.expect(numeric).command, "349")
        # ... but not change.
        b.send_line("MODE #r +b z")
        m = b.expect(numeric)
        self.assertEqual(m.command, "482", m)
        # A mask already there is not announced again.
        a.send_line("MODE #r +b X!*@*")
        a.drain()
        self.assertEqual([m for m in b.drain() if m.command == "MODE"], [])

    def test_list_full(self):
        a = self.registered("pam")
        a.join("#r")
        for i in range(0, 64, 4):
            a.send_line("MODE #r +bbbb a%d b%d c%d d%d" % (i, i, i, i))
            a.expect("MODE")
        a.send_line("MODE #r +b one-more")
        m = a.expect(numeric)
        self.assertEqual(m.command, "478", m)
        self.assertEqual(m.params[1:3], ["#r", "b"], m)
        # The other lists are apart.
        a.send_line("MODE #r +e one-more")
        self.assertEqual(a.expect("MODE").params[1], "+e")

    def test_banned_member_silent_and_keeps_nick(self):
        a, b, c = self.in_room("#r", "pam", "ray", "sue")
        a.send_line("MODE #r +b ray")
        for cl in (a, b, c):
            cl.expect("MODE")
        for line in ("PRIVMSG #r :hi", "NOTICE #r :hi"):
            b.send_line(line)
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("404", ["ray", "#r"]), m)
        b.send_line("NICK notray")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("435", ["ray", "#r"]), m)
        self.assertEqual(b.drain(), [])
        self.assertEqual([m for m in c.drain() if m.command in
                          ("PRIVMSG", "NOTICE", "NICK")], [])
        # Voice lets a banned member talk (and change nick).
        a.send_line("MODE #r +v ray")
        b.expect("MODE")
        b.send_line("PRIVMSG #r :heard")
        self.assertEqual(c.expect("PRIVMSG").text, "heard")
        b.send_line("NICK notray")
        self.assertEqual(c.expect("NICK").params, ["notray"])

    def test_mute(self):
        a, b, c = self.in_room("#r", "pam", "ray", "sue")
        a.send_line("MODE #r +b m:ray!*@*")
        for cl in (a, b, c):
            cl.expect("MODE")
        b.send_line("PRIVMSG #r :hi")
        m = b.expect(numeric)
        self.assertEqual(m.command, "404", m)
        # Muted, not banned: another joins despite a mute on them.
        d = self.registered("ray2")
        a.send_line("MODE #r +b m:ray2")
        a.expect("MODE")
        self.assertIn("JOIN", [m.command for m in d.join("#r")])
        # An exception lifts the mute.
        a.send_line("MODE #r +e ray!*@*")
        self.assertEqual(a.expect(lambda m: m.command == "MODE" and
                                  m.params[1] == "+e").params[2], "ray!*@*")
        b.send_line("PRIVMSG #r :free")
        self.assertEqual(c.expect("PRIVMSG").text, "free")
        self.assertEqual([m for m in b.drain() if m.command == "404"], [])

    def test_bad_masks(self):
        a = self.registered("pam")
        a.join("#r")
        for line in ("MODE #r +b :", "MODE #r +b " + "x" * 200):
            with self.subTest(line=line[:20]):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, "696", m)
                self.assertEqual(m.params[1:3], ["#r", "b"], m)
        a.send_line("MODE #r -b nobody")
        self.assertEqual([m for m in a.drain() if m.command == "MODE"], [])


if __name__ == "__main__":
    main()
