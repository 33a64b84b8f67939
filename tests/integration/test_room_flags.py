"""natterd: voice (+v, '+' in NAMES, WHO and WHOIS, every prefix with
multi-prefix), moderated rooms (+m: 404 for who is neither voiced nor an
operator), secret rooms (+s: '@' in 353, hidden from the LIST, NAMES,
WHO and WHOIS of who is not in them), STATUSMSG (PRIVMSG @#room and
+#room) and 324 with every mode."""

from natterd_harness import NatterdTestCase, main


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


def names(client, room):
    """NAMES room: (353 symbol or None, entries)."""
    client.send_line("NAMES " + room)
    got = client.lines_until("366")
    lines = [m for m in got if m.command == "353"]
    entries = []
    for m in lines:
        entries += m.params[3].split()
    return (lines[0].params[1] if lines else None), entries


class RoomFlags(NatterdTestCase):

    def test_voice_and_prefixes(self):
        a, b = self.in_room("#r", "pam", "ray")
        multi = self.cap_registered("mia", ["multi-prefix"])
        multi.join("#r")
        a.send_line("MODE #r +vv ray pam")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+vv", "ray", "pam"], m)
        self.assertEqual(names(a, "#r"), ("=", ["@pam", "+ray", "mia"]))
        self.assertEqual(names(multi, "#r"),
                         ("=", ["@+pam", "+ray", "mia"]))
        multi.send_line("WHO #r")
        flags = {m.params[5]: m.params[6] for m in multi.lines_until("315")
                 if m.command == "352"}
        self.assertEqual(flags, {"pam": "H@+", "ray": "H+", "mia": "H"})
        a.send_line("WHOIS ray")
        m = a.expect("319")
        self.assertEqual(m.params[2], "+#r", m)
        a.send_line("MODE #r -v ray")
        self.assertEqual(a.expect("MODE").params, ["#r", "-v", "ray"])
        self.assertEqual(names(a, "#r"), ("=", ["@pam", "ray", "mia"]))
        for line, want in (("MODE #r +v nobody", "401"),
                           ("MODE #r +v", "461")):
            a.send_line(line)
            self.assertEqual(a.expect(numeric).command, want, line)

    def test_moderated(self):
        a, b, c = self.in_room("#r", "pam", "ray", "sue")
        a.send_line("MODE #r +m")
        for cl in (a, b, c):
            self.assertEqual(cl.expect("MODE").params, ["#r", "+m"])
        b.privmsg("#r", "hi")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("404", ["ray", "#r"]), m)
        # Operators talk; NOTICE is dropped without a word.
        a.privmsg("#r", "from op")
        self.assertEqual(c.expect("PRIVMSG").text, "from op")
        b.send_line("NOTICE #r :hi")
        self.assertEqual([m for m in b.drain() if numeric(m)], [])
        self.assertEqual([m for m in c.drain() if m.command == "NOTICE"], [])
        a.send_line("MODE #r +v ray")
        b.expect("MODE")
        b.privmsg("#r", "voiced")
        self.assertEqual(c.expect("PRIVMSG").text, "voiced")

    def test_secret(self):
        a = self.registered("pam")
        a.join("#hid")
        a.send_line("MODE #hid +s")
        a.expect("MODE")
        self.assertEqual(names(a, "#hid"), ("@", ["@pam"]))
        o = self.registered("out")
        self.assertEqual(names(o, "#hid"), (None, []))
        o.send_line("LIST")
        self.assertEqual([m for m in o.lines_until("323")
                          if m.command == "322"], [])
        o.send_line("WHOIS pam")
        self.assertEqual([m for m in o.lines_until("318")
                          if m.command == "319"], [])
        o.send_line("WHO #hid")
        self.assertEqual([m for m in o.lines_until("315")
                          if m.command == "352"], [])
        # WHO of the nick does not name the room either.
        o.send_line("WHO pam")
        self.assertEqual([m.params[1] for m in o.lines_until("315")
                          if m.command == "352"], ["*"])
        a.send_line("LIST")
        self.assertEqual([m.params[1] for m in a.lines_until("323")
                          if m.command == "322"], ["#hid"])
        o.join("#hid")
        self.assertEqual(names(o, "#hid"), ("@", ["@pam", "out"]))

    def test_statusmsg(self):
        a, b, c = self.in_room("#r", "pam", "ray", "sue")
        a.send_line("MODE #r +v ray")
        for cl in (a, b, c):
            cl.expect("MODE")
        c.privmsg("@#r", "to ops")
        m = a.expect("PRIVMSG")
        self.assertEqual((m.params, m.nick), (["@#r", "to ops"], "sue"))
        c.privmsg("+#r", "to voiced")
        for cl in (a, b):
            m = cl.expect("PRIVMSG")
            self.assertEqual(m.params, ["+#r", "to voiced"], m)
        self.assertEqual(c.drain(), [])
        self.assertEqual([m for m in b.drain() if m.command == "PRIVMSG"], [])
        # Not in the room's history.
        d = self.registered("dan")
        self.assertEqual([m for m in d.join("#r") if "to " in m.raw.decode()],
                         [])

    def test_mode_shows_everything(self):
        a = self.registered("pam")
        a.join("#r")
        a.send_line("MODE #r +imsk-t key")
        self.assertEqual(a.expect("MODE").params,
                         ["#r", "+imsk-t", "key"])
        a.send_line("MODE #r +l 5")
        a.expect("MODE")
        a.send_line("MODE #r")
        m = a.expect("324")
        self.assertEqual(m.params[1:], ["#r", "+iklmns", "key", "5"], m)


if __name__ == "__main__":
    main()
