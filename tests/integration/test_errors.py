"""natterd: the error numerics of commands after registration
(401 403 404 411 412 417 421 442 461 462 476), each answered without
closing the connection."""

from natterd_harness import NatterdTestCase, main


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


class Errors(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a, self.b = self.in_room("#a", "amy", "ben")
        self.c = self.registered("cyd")      # in no room

    def reply(self, client, line):
        """Send a line and return the first numeric it causes."""
        client.send_line(line)
        return client.expect(numeric)

    def test_401_no_such_nick(self):
        for line, target in (("PRIVMSG nobody :hi", "nobody"),
                             ("NOTICE nobody :hi", None),
                             ("PRIVMSG #nosuchroom :hi", "#nosuchroom")):
            with self.subTest(line=line):
                if target is None:
                    # NOTICE never gets an automatic reply.
                    self.c.send_line(line)
                    self.assertEqual(self.c.drain(), [])
                    continue
                m = self.reply(self.c, line)
                self.assertEqual(m.command, "401", m)
                self.assertEqual(m.params[:2], ["cyd", target], m)

    def test_long_reply_cut_at_a_character_boundary(self):
        # A 401 that names a 497- or 498-byte target of two-byte
        # characters is longer than a line may be: natterd cuts it inside
        # the target, and for one of the two lengths the limit falls
        # inside a character, whatever the server's name: never cut there.
        # A long nick moves the limit well inside the target.
        long = self.registered("n" * 25)
        for target in ("\u00e9" * 249, "x" + "\u00e9" * 248):
            with self.subTest(length=len(target.encode())):
                m = self.reply(long, "PRIVMSG %s :hi" % target)
                self.assertEqual(m.command, "401", m)
                self.assertLessEqual(len(m.raw) + 2, 512, m.raw)
                self.assertGreater(len(m.raw) + 2, 500, m.raw)
                m.raw.decode("utf-8")        # raises if a character is cut
                self.assertTrue(target.startswith(m.params[1]), m)
                self.assertGreater(len(m.params[1].encode()), 450, m)

    def test_403_no_such_channel(self):
        for line in ("PART #nosuch", "TOPIC #nosuch", "TOPIC #nosuch :x"):
            with self.subTest(line=line):
                m = self.reply(self.c, line)
                self.assertEqual(m.command, "403", m)
                self.assertEqual(m.params[:2], ["cyd", "#nosuch"], m)

    def test_bad_room_names(self):
        for name in ("abc", "#a\x07b", "nohash"):
            with self.subTest(name=name):
                m = self.reply(self.c, "JOIN " + name)
                self.assertIn(m.command, ("403", "476"), m)
                self.assertEqual(m.params[:2], ["cyd", name], m)
        # None of them was joined.
        self.assertFalse([m for m in self.c.drain()
                          if m.command == "JOIN"])

    def test_404_cannot_send_to_chan(self):
        for cmd in ("PRIVMSG",):
            m = self.reply(self.c, cmd + " #a :let me in")
            self.assertEqual(m.command, "404", m)
            self.assertEqual(m.params[:2], ["cyd", "#a"], m)
        # Nothing reached the room.
        self.assertFalse([m for m in self.a.drain() + self.b.drain()
                          if m.command == "PRIVMSG"])

    def test_411_no_recipient(self):
        m = self.reply(self.a, "PRIVMSG")
        self.assertEqual(m.command, "411", m)
        self.assertEqual(m.params[0], "amy", m)

    def test_412_no_text(self):
        for line in ("PRIVMSG #a", "PRIVMSG #a :", "PRIVMSG ben",
                     "PRIVMSG ben :"):
            with self.subTest(line=line):
                m = self.reply(self.a, line)
                self.assertEqual(m.command, "412", m)
                self.assertEqual(m.params[0], "amy", m)
        self.assertFalse([m for m in self.b.drain()
                          if m.command == "PRIVMSG"])

    def test_417_input_too_long(self):
        m = self.reply(self.a, "PRIVMSG #a :" + "x" * 600)
        self.assertEqual(m.command, "417", m)
        self.assertEqual(m.params[0], "amy", m)
        self.a.send_line("PING after417")
        pong = self.a.expect("PONG")
        self.assertEqual(pong.text, "after417")
        self.assertFalse([m for m in self.b.drain()
                          if m.command == "PRIVMSG"])

    def test_421_unknown_command(self):
        m = self.reply(self.a, "FROBNICATE now please")
        self.assertEqual(m.command, "421", m)
        self.assertEqual(m.params[:2], ["amy", "FROBNICATE"], m)
        m = self.reply(self.a, "frobnicate")
        self.assertEqual(m.command, "421", m)
        self.assertEqual(m.params[1].upper(), "FROBNICATE", m)

    def test_442_not_on_channel(self):
        for line in ("PART #a", "TOPIC #a", "TOPIC #a :mine now"):
            with self.subTest(line=line):
                m = self.reply(self.c, line)
                self.assertEqual(m.command, "442", m)
                self.assertEqual(m.params[:2], ["cyd", "#a"], m)
        # The topic did not change.
        m = self.reply(self.a, "TOPIC #a")
        self.assertEqual(m.command, "331", m)

    def test_461_need_more_params(self):
        for line, cmd in (("JOIN", "JOIN"), ("PART", "PART"),
                          ("TOPIC", "TOPIC"), ("USER a", "USER")):
            with self.subTest(line=line):
                m = self.reply(self.a, line)
                if cmd == "USER":
                    # Already registered: 462 is as right as 461.
                    self.assertIn(m.command, ("461", "462"), m)
                    continue
                self.assertEqual(m.command, "461", m)
                self.assertEqual(m.params[:2], ["amy", cmd], m)

    def test_462_already_registered(self):
        m = self.reply(self.a, "USER x 0 * :again")
        self.assertEqual(m.command, "462", m)
        self.assertEqual(m.params[0], "amy", m)

    def test_errors_keep_connection(self):
        for line in ("PRIVMSG nobody :x", "PART #nosuch", "FOO",
                     "PRIVMSG", "JOIN", "PRIVMSG #a :" + "y" * 700):
            self.a.send_line(line)
        msgs = self.a.drain()
        self.assertEqual([m.command for m in msgs],
                         ["401", "403", "421", "411", "461", "417"], msgs)
        self.a.privmsg("#a", "still here")
        m = self.b.expect("PRIVMSG")
        self.assertEqual(m.text, "still here")


if __name__ == "__main__":
    main()
