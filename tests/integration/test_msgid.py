"""IRCv3 msgid: every relayed message carries one to clients with
message-tags (the same for every recipient of one message, never twice),
history replay carries the id first sent, and with --state-dir the ids
survive a restart (even kill -9); log lines written before natterd kept
ids load with an id derived from their time, the same at every load."""

import os
import shutil
import tempfile

from natterd_harness import NatterdTestCase, main
from test_history import batch_replay, cap_client

MSGID_RE = r"^[0-9a-f]{16}$"


class Live(NatterdTestCase):

    def test_every_relay_has_one_msgid_for_all(self):
        a = cap_client(self, "ann", ["message-tags", "echo-message"])
        b = cap_client(self, "ben", ["message-tags", "server-time"])
        p = self.registered("pam")
        for c in (a, b, p):
            c.join("#m")
        for c in (a, b, p):
            c.drain()
        seen = []
        for line, command in (("PRIVMSG #m :hi", "PRIVMSG"),
                              ("NOTICE #m :note", "NOTICE"),
                              ("@+typing=active TAGMSG #m", "TAGMSG"),
                              ("TOPIC #m :topic", "TOPIC"),
                              ("PART #m :bye", "PART"),
                              ("JOIN #m", "JOIN")):
            a.send_line(line)
            mine = a.expect(command)
            theirs = b.expect(command)
            self.assertRegex(mine.tags.get("msgid", ""), MSGID_RE, mine)
            self.assertEqual(mine.tags["msgid"], theirs.tags["msgid"])
            if command != "TAGMSG":
                plain = p.expect(command)
                self.assertEqual(plain.tags, {}, plain)
            seen.append(mine.tags["msgid"])
        # Distinct, and handed out in order.
        self.assertEqual(len(set(seen)), len(seen))
        self.assertEqual(sorted(seen), seen)
        # Private messages too.
        a.send_line("PRIVMSG ben :direct")
        m = b.expect("PRIVMSG")
        self.assertEqual(a.expect("PRIVMSG").tags["msgid"], m.tags["msgid"])
        self.assertNotIn(m.tags["msgid"], seen)

    def test_replay_carries_the_first_msgid(self):
        a = cap_client(self, "ann", ["message-tags", "echo-message"])
        a.join("#r")
        a.drain()
        ids = []
        for i in range(3):
            a.privmsg("#r", "line %d" % i)
            ids.append(a.expect("PRIVMSG").tags["msgid"])
        b = cap_client(self, "ben", ["batch", "server-time", "message-tags"])
        lines = batch_replay(b.join("#r") + b.drain())
        self.assertEqual([m.tags.get("msgid") for m in lines], ids)
        # Without message-tags the replay has time and batch only.
        c = cap_client(self, "cid", ["batch", "server-time"])
        lines = batch_replay(c.join("#r") + c.drain())
        self.assertEqual(len(lines), 3)
        for m in lines:
            self.assertEqual(sorted(m.tags), ["batch", "time"], m)


class AcrossRestarts(NatterdTestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state, "--flood-rate", "0")
        super().setUp()

    def replayed(self, nick, room):
        b = cap_client(self, nick, ["batch", "server-time", "message-tags"])
        lines = batch_replay(b.join(room) + b.drain())
        b.send_line("QUIT")
        return [(m.tags.get("msgid"), m.text) for m in lines]

    def test_kill_9_keeps_ids_and_new_ones_are_new(self):
        a = cap_client(self, "ann", ["message-tags", "echo-message"])
        a.join("#k")
        a.drain()
        sent = []
        for i in range(3):
            a.privmsg("#k", "before %d" % i)
            sent.append((a.expect("PRIVMSG").tags["msgid"], "before %d" % i))
        self.server.killed_on_purpose = True
        self.server.kill()
        self.server = self.start_server(*self.server_args)
        self.assertEqual(self.replayed("ben", "#k"), sent)
        a = cap_client(self, "ann", ["message-tags", "echo-message"])
        a.join("#k")
        a.drain()
        a.privmsg("#k", "after")
        new = a.expect("PRIVMSG").tags["msgid"]
        self.assertNotIn(new, [i for i, _ in sent])
        self.assertGreater(new, max(i for i, _ in sent))

    def test_old_lines_without_ids_load_with_stable_ids(self):
        self.assertEqual(self.server.stop(), 0)
        rooms = os.path.join(self.state, "rooms")
        os.makedirs(rooms, mode=0o700, exist_ok=True)
        with open(os.path.join(rooms, "%23old.log"), "w") as f:
            f.write("1700000000000 :ann!u@h PRIVMSG #old :first\n")
            f.write("1700000000000 @+k=v :ann!u@h PRIVMSG #old :same ms\n")
            f.write("1700000000001 @msgid=0000000000000001 "
                    ":ann!u@h PRIVMSG #old :has one\n")
        self.server = self.start_server(*self.server_args)
        first = self.replayed("ben", "#old")
        ids = [i for i, _ in first]
        self.assertEqual([t for _, t in first], ["first", "same ms", "has one"])
        for i in ids:
            self.assertRegex(i, MSGID_RE)
        self.assertEqual(ids[2], "0000000000000001")
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(*self.server_args)
        self.assertEqual(self.replayed("cid", "#old"), first)


if __name__ == "__main__":
    main()
