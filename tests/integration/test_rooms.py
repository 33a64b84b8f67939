"""natterd: JOIN (fan-out, NAMES, several rooms, case-insensitive names),
PART, TOPIC, NICK changes seen once per client, QUIT and disconnects."""

import threading
import time

from natterd_harness import NatterdTestCase, main


def names_of(msgs, room):
    """Nicks listed by the 353 replies for a room, prefixes stripped."""
    out = []
    for m in msgs:
        if m.command == "353" and m.params[2].lower() == room.lower():
            out += [n.lstrip("@+") for n in m.params[3].split()]
    return out


class Join(NatterdTestCase):

    def test_join_fan_out_and_names(self):
        a = self.registered("ann", user="annu")
        msgs = a.join("#a")
        cmds = [m.command for m in msgs]
        self.assertEqual(cmds[0], "JOIN", msgs)
        join = msgs[0]
        self.assertEqual(join.source, "ann!annu@127.0.0.1", join)
        self.assertEqual(join.params, ["#a"], join)
        self.assertNotIn("332", cmds, "no topic yet: %r" % msgs)
        self.assertEqual(cmds[-2:], ["353", "366"], msgs)
        names = [m for m in msgs if m.command == "353"][0]
        self.assertEqual(names.params[:3], ["ann", "=", "#a"], names)
        self.assertEqual(names_of(msgs, "#a"), ["ann"])
        self.assertEqual(msgs[-1].params[:2], ["ann", "#a"], msgs[-1])

        b = self.registered("bob", user="bobu")
        msgs = b.join("#a")
        self.assertEqual(msgs[0].command, "JOIN", msgs)
        self.assertEqual(msgs[0].source, "bob!bobu@127.0.0.1")
        self.assertEqual(sorted(names_of(msgs, "#a")), ["ann", "bob"])
        seen = a.expect("JOIN")
        self.assertEqual(seen.source, "bob!bobu@127.0.0.1", seen)
        self.assertEqual(seen.params, ["#a"], seen)
        # Exactly once each.
        self.assertFalse([m for m in a.drain() if m.command == "JOIN"])
        self.assertFalse([m for m in b.drain() if m.command == "JOIN"])

    def test_join_several_rooms(self):
        a = self.registered("cat")
        a.send_line("JOIN #x,#y,#z")
        msgs = a.lines_until(lambda m: m.command == "366"
                             and m.params[1] == "#z")
        joins = [m.params[0] for m in msgs if m.command == "JOIN"]
        self.assertEqual(joins, ["#x", "#y", "#z"], msgs)
        ends = [m.params[1] for m in msgs if m.command == "366"]
        self.assertEqual(ends, ["#x", "#y", "#z"], msgs)
        b = self.registered("dan")
        for room in ("#x", "#y", "#z"):
            self.assertEqual(sorted(names_of(b.join(room), room)),
                             ["cat", "dan"])

    def test_room_names_case_insensitive(self):
        a = self.registered("eve")
        a.join("#Room")
        b = self.registered("fay")
        msgs = b.join("#rOOM")
        self.assertEqual(sorted(names_of(msgs, "#room")), ["eve", "fay"], msgs)
        a.expect("JOIN")
        b.privmsg("#ROOM", "hello")
        m = a.expect("PRIVMSG")
        self.assertEqual(m.params[0].lower(), "#room", m)
        self.assertEqual(m.text, "hello")

    def test_join_twice_is_harmless(self):
        a, b = self.in_room("#a", "gus", "hal")
        a.send_line("JOIN #a")
        a.drain()
        # hal must not see a second JOIN, and gus is still listed once.
        self.assertFalse([m for m in b.drain() if m.command == "JOIN"])
        c = self.registered("ida")
        self.assertEqual(sorted(names_of(c.join("#a"), "#a")),
                         ["gus", "hal", "ida"])


    def test_casemapping_is_ascii(self):
        # CASEMAPPING=ascii: only A-Z fold; "#Äpfel" and "#äpfel" differ.
        a = self.registered("kai")
        a.join("#Äpfel")
        b = self.registered("lea")
        self.assertEqual(names_of(b.join("#äpfel"), "#äpfel"), ["lea"])
        self.assertEqual(sorted(names_of(b.join("#ÄPFEL"), "#ÄPFEL")),
                         ["kai", "lea"])

    def test_long_names_list_is_split(self):
        nicks = ["n%02d" % i + "x" * 27 for i in range(25)]    # 30 bytes
        clients = [self.registered(n) for n in nicks]
        for c in clients:
            c.send_line("JOIN #crowd")
        for c in clients:
            c.drain()
        last = self.registered("last")
        msgs = last.join("#crowd")
        names = [m for m in msgs if m.command == "353"]
        self.assertGreater(len(names), 1, "25 nicks of 30 bytes in one line?")
        for m in names:
            self.assertLessEqual(len(m.raw), 510, m)
        self.assertEqual(sorted(names_of(msgs, "#crowd")),
                         sorted(nicks + ["last"]))

    def test_concurrent_joins(self):
        # Many clients join one new room at the same time: each sees
        # itself, everyone before it in 353 and everyone after it as a
        # JOIN, each exactly once.
        n = 20
        clients = [self.registered("r%02d" % i) for i in range(n)]
        barrier = threading.Barrier(n)

        def join(c):
            barrier.wait(5)
            c.send_line("JOIN #race")

        threads = [threading.Thread(target=join, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        everyone = sorted(c.nick for c in clients)
        # Every JOIN has been applied once every client has its 366; only
        # then can a drain promise to bring all the later JOINs.
        bursts = {c: c.lines_until("366") for c in clients}
        for c in clients:
            msgs = bursts[c]
            own = [m for m in msgs if m.command == "JOIN"]
            self.assertEqual(own[0].nick, c.nick, msgs)
            listed = names_of(msgs, "#race")
            later = [m.nick for m in c.drain() if m.command == "JOIN"]
            later += [m.nick for m in own[1:]]
            seen = listed + later
            self.assertEqual(sorted(seen), everyone,
                             "%s: names %r, then joins %r"
                             % (c.nick, listed, later))


class Part(NatterdTestCase):

    def test_part_with_and_without_reason(self):
        a, b, c = self.in_room("#a", "jan", "kim", "lou")
        a.send_line("PART #a :off to lunch")
        for cl in (a, b, c):
            m = cl.expect("PART")
            self.assertEqual(m.nick, "jan", m)
            self.assertEqual(m.params, ["#a", "off to lunch"], m)
        b.send_line("PART #a")
        for cl in (b, c):
            m = cl.expect("PART")
            self.assertEqual(m.nick, "kim", m)
            self.assertEqual(m.params[0], "#a", m)
        self.assertFalse([m for m in a.drain() if m.command == "PART"])
        # Those who left no longer get the room's messages.
        c.privmsg("#a", "anyone?")
        c.drain()
        for cl in (a, b):
            self.assertFalse([m for m in cl.drain()
                              if m.command == "PRIVMSG"])

    def test_part_several_rooms(self):
        a = self.registered("max")
        a.send_line("JOIN #p,#q")
        a.lines_until(lambda m: m.command == "366" and m.params[1] == "#q")
        a.send_line("PART #p,#q :bye")
        parts = [m for m in a.drain() if m.command == "PART"]
        self.assertEqual([m.params for m in parts],
                         [["#p", "bye"], ["#q", "bye"]], parts)

    def test_rejoin_after_part(self):
        a, b = self.in_room("#a", "ned", "oli")
        a.send_line("PART #a")
        b.expect("PART")
        msgs = a.join("#a")
        self.assertEqual(sorted(names_of(msgs, "#a")), ["ned", "oli"])
        b.expect("JOIN")


class Topic(NatterdTestCase):

    def test_topic_lifecycle(self):
        a, b = self.in_room("#a", "pam", "ray")
        a.send_line("TOPIC #a")
        m = a.expect("331")
        self.assertEqual(m.params[:2], ["pam", "#a"], m)
        before = int(time.time())
        # Under +t a non-operator gets 482; with -t anyone in the room may.
        b.send_line("TOPIC #a :Lunch at 12:30 — 午饭")
        m = b.expect("482")
        self.assertEqual(m.params[:2], ["ray", "#a"], m)
        a.send_line("MODE #a -t")
        for cl in (a, b):
            cl.expect("MODE")
        b.send_line("TOPIC #a :Lunch at 12:30 — 午饭")
        for cl in (a, b):
            m = cl.expect("TOPIC")
            self.assertEqual(m.nick, "ray", m)
            self.assertEqual(m.host, "127.0.0.1", m)
            self.assertEqual(m.params, ["#a", "Lunch at 12:30 — 午饭"], m)
        a.send_line("TOPIC #a")
        msgs = a.lines_until("333")
        topic = [m for m in msgs if m.command == "332"]
        self.assertTrue(topic, msgs)
        self.assertEqual(topic[0].params, ["pam", "#a",
                                           "Lunch at 12:30 — 午饭"])
        who = msgs[-1]
        self.assertEqual(who.params[:2], ["pam", "#a"], who)
        self.assertEqual(who.params[2].split("!")[0], "ray", who)
        setat = int(who.params[3])
        self.assertTrue(before - 2 <= setat <= time.time() + 2, who)

        # A newcomer gets 332 and 333 before the names.
        a.send_line("MODE #a +t")
        for cl in (a, b):
            cl.expect("MODE")
        c = self.registered("sue")
        msgs = c.join("#a")
        cmds = [m.command for m in msgs]
        self.assertIn("332", cmds, msgs)
        self.assertIn("333", cmds, msgs)
        self.assertLess(cmds.index("JOIN"), cmds.index("332"), msgs)
        self.assertLess(cmds.index("332"), cmds.index("333"), msgs)
        self.assertLess(cmds.index("333"), cmds.index("353"), msgs)
        self.assertEqual(msgs[cmds.index("332")].params[1:],
                         ["#a", "Lunch at 12:30 — 午饭"])

        # Rooms are +t: only an operator (the first joiner, pam) may
        # change the topic.
        c.send_line("TOPIC #a :new topic")
        m = c.expect("482")
        self.assertEqual(m.params[:2], ["sue", "#a"], m)
        a.send_line("TOPIC #a :new topic")
        for cl in (a, b, c):
            m = cl.expect("TOPIC")
            self.assertEqual((m.nick, m.params), ("pam", ["#a", "new topic"]))

    def test_topic_room_name_case(self):
        a = self.registered("tom")
        a.join("#Case")
        a.send_line("TOPIC #CASE :x")
        m = a.expect("TOPIC")
        self.assertEqual(m.params[1], "x", m)


class NickChange(NatterdTestCase):

    def test_nick_fan_out_once(self):
        a = self.registered("uma", user="um")
        b = self.registered("vic")
        c = self.registered("wes")
        d = self.registered("xia")      # shares no room with uma
        for room in ("#one", "#two"):
            a.join(room)
            b.join(room)
        c.join("#one")
        d.join("#other")
        for cl in (a, b, c, d):
            cl.drain()
        a.send_line("NICK :uma2")
        for cl in (a, b, c):
            nicks = [m for m in cl.drain() if m.command == "NICK"]
            self.assertEqual(len(nicks), 1, (cl, nicks))
            m = nicks[0]
            self.assertEqual(m.source, "uma!um@127.0.0.1", m)
            self.assertEqual(m.params, ["uma2"], m)
        self.assertFalse([m for m in d.drain() if m.command == "NICK"])
        # Messages now come from the new nick; the old one is free.
        a.privmsg("#one", "renamed")
        m = c.expect("PRIVMSG")
        self.assertEqual(m.nick, "uma2", m)
        e = self.registered("uma")
        self.assertEqual(e.nick, "uma")
        d.privmsg("uma2", "direct")
        self.assertEqual(a.expect("PRIVMSG").text, "direct")

    def test_nick_change_without_rooms(self):
        a = self.registered("yan")
        a.send_line("NICK zed")
        m = a.expect("NICK")
        self.assertEqual(m.nick, "yan", m)
        self.assertEqual(m.params, ["zed"], m)


class Quit(NatterdTestCase):

    def test_quit_with_reason(self):
        a, b, c = self.in_room("#a", "abe", "bea", "cal")
        d = self.registered("dee")
        a.send_line("QUIT :see you")
        msgs = a.read_until_closed()
        self.assertTrue(msgs and msgs[-1].command == "ERROR", msgs)
        for cl in (b, c):
            m = cl.expect("QUIT")
            self.assertEqual(m.source, "abe!user@127.0.0.1", m)
            self.assertEqual(m.params, ["Quit: see you"], m)
        self.assertFalse([m for m in d.drain() if m.command == "QUIT"])
        # The nick is free again and the room lost a member.
        e = self.registered("abe")
        self.assertEqual(sorted(names_of(e.join("#a"), "#a")),
                         ["abe", "bea", "cal"])

    def test_quit_without_reason(self):
        a, b = self.in_room("#a", "eli", "fox")
        a.send_line("QUIT")
        msgs = a.read_until_closed()
        self.assertTrue(msgs and msgs[-1].command == "ERROR", msgs)
        m = b.expect("QUIT")
        self.assertEqual(m.nick, "eli", m)

    def test_quit_seen_once_across_rooms(self):
        a, b = self.in_room("#a", "gil", "hap")
        a.join("#b")
        b.join("#b")
        b.drain()
        a.send_line("QUIT :bye")
        a.read_until_closed()
        b.expect("QUIT")
        self.assertFalse([m for m in b.drain() if m.command == "QUIT"])

    def test_disconnect_without_quit(self):
        a, b = self.in_room("#a", "ivy", "jon")
        a.close()
        m = b.expect("QUIT")
        self.assertEqual(m.nick, "ivy", m)
        c = self.registered("ivy")
        self.assertEqual(sorted(names_of(c.join("#a"), "#a")),
                         ["ivy", "jon"])


if __name__ == "__main__":
    main()
