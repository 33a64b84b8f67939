"""Which way in a connection takes at natterd's plain door, decided right
both ways.

- IRC software whose first bytes come after --plain-wait (a lost first
  segment is sent again a second later) was greeted as a person: once it
  sends a registration command (CAP, NICK, USER, PASS) before choosing a
  nickname it is an IRC client, and nothing it sent reaches a room or the
  history.
- A person whose first line comes before the wait and starts with a
  command word ("who is here?", "list", "hello there") is a person: the
  line is IRC only when it parses as that command with its parameters,
  written as software writes it.  The person is answered in words, and
  the line is kept and said once they have a nickname.
"""

import time

from natterd_harness import main
from test_plain import GREETING_END, PASSWORD_PROMPT, WAIT_MS, Plain, \
    PlainTestCase


class LateIrcClient(PlainTestCase):
    """IRC software that was greeted because its first bytes were late."""

    def late_client(self, name):
        """An IRC connection that said nothing until it was greeted."""
        c = self.connect(name=name)
        greeting = c.lines_until(lambda m: GREETING_END in m.raw.decode(
            "utf-8", "replace"), timeout=WAIT_MS / 1000 + 3)
        self.assertTrue(greeting)
        return c

    def assert_nothing_published(self, bob, secret):
        """bob, in #lobby, saw no JOIN but late's and no line with
        secret; a newcomer's history has none either."""
        for m in bob.drain():
            self.assertNotIn(secret, m.raw.decode("utf-8", "replace"), m)
            if m.command == "JOIN":
                self.assertEqual(m.nick, "late", m)
        carol = self.registered("carol")
        for m in carol.join("#lobby") + carol.drain():
            self.assertNotIn(secret, m.raw.decode("utf-8", "replace"), m)
        # No "CAP" or "NICK" took a nickname.
        for nick in ("CAP", "NICK", "USER", "PASS"):
            carol.send("WHOIS %s" % nick)
            carol.expect(lambda m: m.command == "401")

    def register_late(self, c, lines):
        for line in lines:
            c.send(line)
        return c.expect(lambda m: m.command == "001")

    def test_cap_first(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        c = self.late_client("late")
        welcome = self.register_late(c, ["CAP LS 302", "NICK late",
                                         "USER late 0 * :Late Comer",
                                         "CAP END"])
        self.assertEqual(welcome.param(0), "late")
        c.send("PRIVMSG bob :the launch code is 1234")
        m = bob.expect(lambda m: m.command == "PRIVMSG")
        # To bob alone, from the IRC client "late".
        self.assertEqual((m.nick, m.params),
                         ("late", ["bob", "the launch code is 1234"]))
        # It speaks IRC from now on: numerics, not words.
        c.send("JOIN #lobby")
        c.expect(lambda m: m.command == "366")
        self.assert_nothing_published(bob, "launch code")

    def test_nick_first(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        c = self.late_client("late")
        self.register_late(c, ["NICK late", "USER late 0 * :Late Comer"])
        self.assert_nothing_published(bob, "Late Comer")

    def test_person_typing_words_at_the_prompt_stays_a_person(self):
        p = self.connect_plain()
        p.greeting()
        # "nick alice" and "CAP" alone are a person's answer, not IRC.
        p.send("cap")
        p.expect("-- Hello cap!")


class LateIrcClientWithPassword(PlainTestCase):
    server_args = ("--plain-wait", str(WAIT_MS), "--password", "sekrit")

    def test_pass_first(self):
        c = self.connect(name="late")
        c.lines_until(lambda m: PASSWORD_PROMPT in m.raw.decode(
            "utf-8", "replace"), timeout=WAIT_MS / 1000 + 3)
        for line in ("PASS sekrit", "NICK late", "USER late 0 * :Late"):
            c.send(line)
        c.expect(lambda m: m.command == "001")


class QuickPerson(PlainTestCase):
    """A person who types at once, before the greeting."""

    def quick(self, text):
        """A person who typed text at once; returns them and the greeting
        they got."""
        p = self.connect_plain()
        p.send(text)
        lines = p.lines_until(GREETING_END, timeout=WAIT_MS / 1000 + 3)
        self.assert_no_irc_lines(lines)
        self.assertTrue(lines[0].startswith("Welcome to natter on"), lines)
        self.assertIn('(You typed "%s" before this greeting: it is kept, '
                      'and goes in once you have a nickname.)' % text,
                      lines)
        return p

    def test_command_words_are_a_person(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        for i, text in enumerate(("who is here?", "list", "hello there", "join me",
                     "WHO IS HERE?", "Nick here, hi", "part of the plan")):
            p = self.quick(text)
            nick = "person%d" % i
            p.choose_nick(nick)
            # The kept line is said in the room, as the person's.
            m = bob.expect(lambda m: m.command == "PRIVMSG" and
                           m.nick == nick)
            self.assertEqual(m.params, ["#lobby", text])
            p.send("/quit")
            p.close()

    def test_kept_slash_command_runs(self):
        p = self.quick("/who")
        lines = p.choose_nick("slasher")
        self.assertTrue(any(l.startswith("-- In #lobby: ") and "slasher" in l
                            for l in lines), lines)

    def test_long_kept_line_quoted_in_part(self):
        p = self.connect_plain()
        text = "\u00e9" * 300                  # 600 bytes
        p.send(text)
        lines = p.lines_until(GREETING_END, timeout=WAIT_MS / 1000 + 3)
        quoted = [l for l in lines if l.startswith("(You typed")]
        self.assertEqual(quoted, ['(You typed "%s..." before this greeting: '
                                  'it is kept, and goes in once you have a '
                                  'nickname.)' % ("\u00e9" * 100)], lines)
        # Too long for one message: said so in words, not cut.
        lines = p.choose_nick("longtyper")
        self.assertTrue(any(l.startswith("-- Not sent: that line is 600 "
                                         "bytes") for l in lines), lines)
        self.assertNotIn("\ufffd", "".join(lines))

    def test_irc_shaped_lines_are_irc(self):
        for line, numeric in (("LIST", "451"), ("WHO #lobby", "451"),
                              ("JOIN #lobby", "451"), ("FOO bar", "451"),
                              ("cap ls 302", "CAP")):
            c = self.connect(name="irc")
            c.send(line)
            m = c.expect(lambda m: m.command.isdigit() or m.command == "CAP")
            self.assertEqual(m.command, numeric, (line, m))
            c.close()


if __name__ == "__main__":
    main()
