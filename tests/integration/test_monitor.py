"""IRCv3 MONITOR (730-734, MONITOR= in 005) and extended-monitor."""

from natterd_harness import NatterdTestCase, main
from test_history import cap_client


class Monitor(NatterdTestCase):

    def test_online_offline_and_nick_changes(self):
        w = self.registered("wat")
        self.assertEqual(w.isupport["MONITOR"], "100")
        w.send_line("MONITOR + Bob,carl")
        self.assertEqual((w.expect("731").params, w.expect("731").params),
                         (["wat", "Bob"], ["wat", "carl"]))
        b = self.registered("bob")
        m = w.expect("730")
        self.assertEqual(m.params, ["wat", "bob!user@127.0.0.1"])
        b.send_line("NICK BOB")             # case only: nothing
        b.expect("NICK")
        b.send_line("NICK carl")
        self.assertEqual(w.expect("731").params, ["wat", "BOB"])
        self.assertEqual(w.expect("730").params, ["wat", "carl!user@127.0.0.1"])
        b.send_line("QUIT :bye")
        self.assertEqual(w.expect("731").params, ["wat", "carl"])
        w.send_line("PING :end")
        self.assertEqual([m.command for m in w.lines_until("PONG")], ["PONG"])

    def test_list_status_remove_clear(self):
        w = self.registered("wat")
        self.registered("bob")
        w.send_line("MONITOR + bob,ann")
        w.lines_until(lambda m: m.command == "731")
        w.send_line("MONITOR S")
        got = sorted((w.next_message(), w.next_message()),
                     key=lambda m: m.command)
        self.assertEqual([(m.command, m.params[1]) for m in got],
                         [("730", "bob!user@127.0.0.1"), ("731", "ann")])
        w.send_line("MONITOR L")
        self.assertEqual(w.expect("732").params[1].split(","), ["bob", "ann"])
        w.expect("733")
        w.send_line("MONITOR - BOB")
        w.send_line("MONITOR L")
        self.assertEqual(w.expect("732").params[1], "ann")
        w.send_line("MONITOR C")
        w.send_line("MONITOR L")
        self.assertEqual(w.next_message().command, "733")

    def test_masks_refused_and_the_limit(self):
        w = self.registered("wat")
        w.send_line("MONITOR + *!user@127.0.0.1")
        self.assertEqual(w.expect("432").params[1], "*!user@127.0.0.1")
        nicks = ["n%d" % i for i in range(100)]
        for i in range(0, 100, 20):
            w.send_line("MONITOR + " + ",".join(nicks[i:i + 20]))
        for _ in nicks:
            w.expect("731")
        w.send_line("MONITOR + one,two")
        m = w.expect("734")
        self.assertEqual(m.params[1:3], ["100", "one,two"])
        self.registered("n5")
        self.assertEqual(w.expect("730").params[1], "n5!user@127.0.0.1")


class ExtendedMonitor(NatterdTestCase):

    def test_away_and_setname_once(self):
        w = cap_client(self, "wat", ["extended-monitor", "away-notify",
                                     "setname"])
        plain = cap_client(self, "pla", ["away-notify", "setname"])
        for c in (w, plain):
            c.send_line("MONITOR + bob")
            c.expect("731")
        b = cap_client(self, "bob", ["setname"])
        w.expect("730")
        plain.expect("730")
        b.send_line("AWAY :afk")
        m = w.expect("AWAY")
        self.assertEqual((m.nick, m.params), ("bob", ["afk"]))
        b.send_line("SETNAME :Bob B")
        self.assertEqual(w.expect("SETNAME").params, ["Bob B"])
        self.assertEqual(plain.drain(), [])     # no extended-monitor
        # Sharing a room: once, as a room peer.
        for c in (w, b):
            c.join("#x")
        w.drain()
        b.send_line("AWAY")
        self.assertEqual(w.expect("AWAY").params, [])
        b.send_line("PING :sync")
        b.expect("PONG")
        self.assertEqual(w.drain(), [])


if __name__ == "__main__":
    main()
