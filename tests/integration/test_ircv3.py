"""The smaller extensions of issue 15: userhost-in-names, cap-notify,
setname (SETNAME), bot mode (+B, 335, the bot tag, B in WHO), LIST search
terms (ELIST), multi-target KICK and NAMES (TARGMAX)."""

import time

from natterd_harness import NatterdTestCase, main
from test_history import cap_client


class UserhostInNames(NatterdTestCase):

    def test_names_with_and_without(self):
        a = cap_client(self, "ann", ["userhost-in-names"])
        b = self.registered("bob")
        b.join("#u")
        msgs = a.join("#u")
        names = [m for m in msgs if m.command == "353"][0].params[-1].split()
        self.assertEqual(sorted(names), ["@bob!user@127.0.0.1",
                                         "ann!user@127.0.0.1"])
        b.send_line("NAMES #u")
        names = b.expect("353").params[-1].split()
        self.assertEqual(sorted(names), ["@bob", "ann"])


class CapNotify(NatterdTestCase):

    def test_offered_and_acked(self):
        c = self.connect(name="cn")
        c.send_line("CAP LS 302")
        ls = c.expect("CAP")
        self.assertIn("cap-notify", ls.params[-1].split())
        c.send_line("CAP REQ cap-notify")
        self.assertEqual(c.expect("CAP").params[1:], ["ACK", "cap-notify"])


class Setname(NatterdTestCase):

    def test_setname_to_self_and_peers_with_the_cap(self):
        a = cap_client(self, "ann", ["setname"])
        b = cap_client(self, "ben", ["setname"])
        p = self.registered("pam")
        lone = cap_client(self, "lou", ["setname"])
        for c in (a, b, p):
            c.join("#s")
        for c in (a, b, p, lone):
            c.drain()
        a.send_line("SETNAME :Ann Other")
        for c in (a, b):
            m = c.expect("SETNAME")
            self.assertEqual((m.source, m.params),
                             ("ann!user@127.0.0.1", ["Ann Other"]))
        p.send_line("WHOIS ann")
        self.assertEqual(p.expect("311").params[-1], "Ann Other")
        p.lines_until("318")
        self.assertEqual(lone.drain(), [])

    def test_invalid_realname(self):
        a = cap_client(self, "ann", ["setname"])
        for bad in (":", ":" + "x" * 101):
            a.send_line("SETNAME " + bad)
            m = a.expect("FAIL")
            self.assertEqual(m.params[:2], ["SETNAME", "INVALID_REALNAME"])
        a.send_line("WHOIS ann")
        self.assertEqual(a.expect("311").params[-1], "Real Name")


class BotMode(NatterdTestCase):

    def test_bot_mode(self):
        bot = cap_client(self, "beep", ["message-tags"])
        self.assertEqual(bot.isupport["BOT"], "B")
        self.assertIn("B", [m for m in bot.welcome
                            if m.command == "004"][0].params[3])
        bot.send_line("MODE beep +B")
        self.assertEqual(bot.expect("MODE").params, ["beep", "+B"])
        bot.send_line("MODE beep")
        self.assertEqual(bot.expect("221").params[1], "+B")
        u = cap_client(self, "usr", ["message-tags"])
        p = self.registered("pam")
        for c in (bot, u, p):
            c.join("#b")
        for c in (bot, u, p):
            c.drain()
        bot.send_line("@+x=1 PRIVMSG #b :beep boop")
        m = u.expect("PRIVMSG")
        self.assertIn("bot", m.tags, m)
        self.assertEqual(m.tags["+x"], "1", m)
        self.assertEqual(p.expect("PRIVMSG").tags, {})
        bot.send_line("PRIVMSG usr :direct")
        self.assertIn("bot", u.expect("PRIVMSG").tags)
        u.send_line("WHOIS beep")
        self.assertEqual(u.expect("335").params, ["usr", "beep", "is a bot"])
        u.send_line("WHO #b")
        flags = {m.params[5]: m.params[6] for m in u.lines_until("315")
                 if m.command == "352"}
        self.assertIn("B", flags["beep"])
        self.assertNotIn("B", flags["usr"])
        # And off again.
        bot.send_line("MODE beep -B")
        self.assertEqual(bot.expect("MODE").params, ["beep", "-B"])
        bot.send_line("PRIVMSG #b :human now")
        self.assertNotIn("bot", u.expect("PRIVMSG").tags)


def listed(c, line):
    """The rooms a LIST lists."""
    c.send_line(line)
    return sorted(m.params[1] for m in c.lines_until("323")
                  if m.command == "322")


class Elist(NatterdTestCase):

    def test_masks_and_member_counts(self):
        a = self.registered("ann")
        self.assertEqual(a.isupport["ELIST"], "CMNTU")
        b = self.registered("bob")
        for room in ("#chan1", "#chan2", "#other"):
            a.join(room)
        b.join("#chan2")
        self.assertEqual(listed(b, "LIST *an1"), ["#chan1"])
        self.assertEqual(listed(b, "LIST #C*"), ["#chan1", "#chan2"])
        self.assertEqual(listed(b, "LIST !#ch*"), ["#other"])
        self.assertEqual(listed(b, "LIST #c*,!*2"), ["#chan1"])
        self.assertEqual(listed(b, "LIST >1"), ["#chan2"])
        self.assertEqual(listed(b, "LIST <2"), ["#chan1", "#other"])
        self.assertEqual(listed(b, "LIST <1"), [])
        # Names without wildcards are still rooms asked for by name.
        self.assertEqual(listed(b, "LIST #chan1,#nowhere"), ["#chan1"])

    def test_creation_and_topic_times(self):
        a = self.registered("ann")
        a.join("#t1")
        a.join("#t2")
        a.send_line("TOPIC #t1 :set")
        a.expect("TOPIC")
        time.sleep(1.1)     # ages count in whole seconds
        # Minutes: all are younger than a minute.
        self.assertEqual(listed(a, "LIST C<1"), ["#t1", "#t2"])
        self.assertEqual(listed(a, "LIST C>0"), ["#t1", "#t2"])
        self.assertEqual(listed(a, "LIST C>1"), [])
        self.assertEqual(listed(a, "LIST C<0"), [])
        self.assertEqual(listed(a, "LIST T<1"), ["#t1"])    # #t2: no topic
        self.assertEqual(listed(a, "LIST T>1"), [])


class MultiTarget(NatterdTestCase):

    def test_kick_several(self):
        op = self.registered("op")
        targmax = dict(t.split(":") for t in op.isupport["TARGMAX"].split(","))
        self.assertEqual((targmax["KICK"], targmax["NAMES"]), ("4", ""))
        op.join("#k")
        op.join("#j")
        others = [self.registered(n) for n in ("bar", "baz", "qux")]
        for c in others:
            c.join("#k")
            c.join("#j")
        op.drain()
        op.send_line("KICK #k bar,baz :bye")
        got = [op.expect("KICK").params, op.expect("KICK").params]
        self.assertEqual(got, [["#k", "bar", "bye"], ["#k", "baz", "bye"]])
        op.send_line("KICK #k,#j qux,bar :pairs")
        got = [op.expect("KICK").params[:2], op.expect("KICK").params[:2]]
        self.assertEqual(got, [["#k", "qux"], ["#j", "bar"]])
        op.send_line("KICK #k,#j qux")
        self.assertEqual(op.expect("461").params[1], "KICK")
        op.send_line("KICK #j a,b,c,d,e")
        for _ in range(4):
            op.expect("401")
        self.assertEqual(op.expect("407").params[1], "e")

    def test_whowas_several(self):
        a = self.registered("ann")
        self.assertEqual(dict(t.split(":") for t in
                              a.isupport["TARGMAX"].split(","))["WHOWAS"], "4")
        for nick in ("nick2", "nick3"):
            c = self.registered(nick, user="id" + nick[-1])
            c.send_line("QUIT :bye")
            c.read_until_closed()
        a.send_line("WHOWAS nick2,nobody,NICK3")
        msgs = a.lines_until("369")
        self.assertEqual([(m.command, m.params[1]) for m in msgs
                          if m.command != "312"],
                         [("314", "nick3"), ("314", "nick2"),
                          ("406", "nobody"), ("369", "nick2,nobody,NICK3")])

    def test_names_several(self):
        a = self.registered("ann")
        a.join("#n1")
        a.join("#n2")
        a.send_line("NAMES #n1,#nowhere,#n2")
        msgs = a.lines_until("366")
        self.assertEqual([(m.command, m.params[-2]) for m in msgs],
                         [("353", "#n1"), ("353", "#n2"),
                          ("366", "#n1,#nowhere,#n2")])


if __name__ == "__main__":
    main()
