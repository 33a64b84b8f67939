"""IRCv3 draft/chathistory over natterd's room history: LATEST, BEFORE,
AFTER, AROUND, BETWEEN by msgid and by timestamp, TARGETS, the ISUPPORT
tokens, FAIL for bad input, draft/event-playback, no replay on JOIN for
clients that ask instead, and AFTER msgid= exact across a restart with
--state-dir (what a client that reconnects asks)."""

import shutil
import tempfile
import time

from natterd_harness import NatterdTestCase, main
from test_history import cap_client

CAPS = ["batch", "server-time", "message-tags", "echo-message",
        "draft/chathistory"]


def batch_lines(c, until_end=True):
    """The lines of the next batch c gets: (open, inner lines)."""
    opened = c.expect("BATCH")
    ref = opened.params[0][1:]
    inner = []
    while True:
        m = c.next_message()
        if m.command == "BATCH" and m.params[0] == "-" + ref:
            return opened, inner
        assert m.tags.get("batch") == ref, m
        inner.append(m)


class Queries(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.c = cap_client(self, "ann", CAPS)
        self.c.join("#h")
        self.c.drain()
        self.sent = []
        for i in range(10):
            self.c.privmsg("#h", "message %d" % i)
            m = self.c.expect("PRIVMSG")
            self.sent.append((m.tags["msgid"], m.tags["time"], m.text))
            time.sleep(0.003)   # distinct times, for timestamp= queries

    def query(self, line, target="#h"):
        self.c.send_line(line)
        opened, inner = batch_lines(self.c)
        self.assertEqual(opened.params[1:], ["chathistory", target], opened)
        for m in inner:
            self.assertIn("time", m.tags, m)
            self.assertIn("msgid", m.tags, m)
        return [(m.tags["msgid"], m.tags["time"], m.text) for m in inner]

    def test_isupport(self):
        d = self.registered("dan")
        self.assertEqual(d.isupport["CHATHISTORY"], "100")
        self.assertEqual(d.isupport["MSGREFTYPES"], "msgid,timestamp")

    def test_latest(self):
        s = self.sent
        self.assertEqual(self.query("CHATHISTORY LATEST #h * 20"), s)
        self.assertEqual(self.query("CHATHISTORY LATEST #h * 5"), s[-5:])
        self.assertEqual(self.query("CHATHISTORY LATEST #H * 1"), s[-1:])
        self.assertEqual(self.query("CHATHISTORY LATEST #h msgid=%s 20"
                                    % s[4][0]), s[5:])
        self.assertEqual(self.query("CHATHISTORY LATEST #h timestamp=%s 20"
                                    % s[4][1]), s[5:])
        self.assertEqual(self.query("CHATHISTORY LATEST #h msgid=%s 2"
                                    % s[4][0]), s[-2:])
        # A limit past CHATHISTORY=100, however large, is 100.
        for limit in ("100", "101", "9223372036854775807",
                      "99999999999999999999999"):
            self.assertEqual(self.query("CHATHISTORY LATEST #h * " + limit),
                             s, limit)

    def test_before_and_after(self):
        s = self.sent
        self.assertEqual(self.query("CHATHISTORY BEFORE #h msgid=%s 20"
                                    % s[6][0]), s[:6])
        self.assertEqual(self.query("CHATHISTORY BEFORE #h timestamp=%s 2"
                                    % s[6][1]), s[4:6])
        self.assertEqual(self.query("CHATHISTORY AFTER #h msgid=%s 20"
                                    % s[3][0]), s[4:])
        self.assertEqual(self.query("CHATHISTORY AFTER #h timestamp=%s 3"
                                    % s[3][1]), s[4:7])
        self.assertEqual(self.query("CHATHISTORY AFTER #h msgid=%s 5"
                                    % s[-1][0]), [])

    def test_between_both_ways_and_around(self):
        s = self.sent
        for kind, i in (("msgid", 0), ("timestamp", 1)):
            a, b = s[0][i], s[-1][i]
            self.assertEqual(self.query("CHATHISTORY BETWEEN #h %s=%s %s=%s 20"
                                        % (kind, a, kind, b)), s[1:-1])
            self.assertEqual(self.query("CHATHISTORY BETWEEN #h %s=%s %s=%s 20"
                                        % (kind, b, kind, a)), s[1:-1])
            self.assertEqual(self.query("CHATHISTORY BETWEEN #h %s=%s %s=%s 3"
                                        % (kind, a, kind, b)), s[1:4])
            self.assertEqual(self.query("CHATHISTORY BETWEEN #h %s=%s %s=%s 3"
                                        % (kind, b, kind, a)), s[-4:-1])
        self.assertEqual(self.query("CHATHISTORY AROUND #h msgid=%s 1"
                                    % s[7][0]), [s[7]])
        self.assertEqual(self.query("CHATHISTORY AROUND #h msgid=%s 3"
                                    % s[7][0]), s[6:9])
        self.assertIn(s[7], self.query("CHATHISTORY AROUND #h timestamp=%s 3"
                                       % s[7][1]))
        # Near an end: moved to fit.
        self.assertEqual(self.query("CHATHISTORY AROUND #h msgid=%s 4"
                                    % s[9][0]), s[6:])

    def test_events_only_with_event_playback(self):
        self.c.send_line("TOPIC #h :a topic")
        self.c.expect("TOPIC")
        self.assertNotIn("a topic", [t for _, _, t in
                                     self.query("CHATHISTORY LATEST #h * 50")])
        e = cap_client(self, "eve", CAPS + ["draft/event-playback"])
        e.join("#h")
        e.drain()
        e.send_line("CHATHISTORY LATEST #h * 2")
        _, inner = batch_lines(e)
        self.assertEqual([(m.command, m.text) for m in inner],
                         [("PRIVMSG", "message 9"), ("TOPIC", "a topic")])

    def test_no_replay_on_join_for_chathistory_clients(self):
        b = cap_client(self, "ben", CAPS)
        msgs = b.join("#h") + b.drain()
        self.assertEqual([m for m in msgs if m.command == "BATCH"], [])
        self.assertEqual([m for m in msgs if m.command == "PRIVMSG"], [])
        # Without the cap the replay is there.
        p = cap_client(self, "pat", ["batch", "server-time"])
        msgs = p.join("#h") + p.drain()
        self.assertEqual(len([m for m in msgs if m.command == "PRIVMSG"]), 10)

    def test_without_batch_or_tags(self):
        p = cap_client(self, "pat", ["draft/chathistory"])
        p.join("#h")
        p.drain()
        p.send_line("CHATHISTORY LATEST #h * 2")
        a, b = p.expect("PRIVMSG"), p.expect("PRIVMSG")
        self.assertEqual((a.tags, a.text, b.text),
                         ({}, "message 8", "message 9"))
        p.send_line("PING :done")
        self.assertEqual(p.expect("PONG").params[-1], "done")

    def test_targets(self):
        self.c.join("#other")
        self.c.privmsg("#other", "later")
        self.c.expect("PRIVMSG")
        self.c.send_line("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z"
                         " timestamp=2999-01-01T00:00:00.000Z 10")
        opened, inner = batch_lines(self.c)
        self.assertEqual(opened.params[1:], ["draft/chathistory-targets"])
        self.assertEqual([(m.command, m.params[:2]) for m in inner],
                         [("CHATHISTORY", ["TARGETS", "#h"]),
                          ("CHATHISTORY", ["TARGETS", "#other"])])
        self.assertEqual(inner[0].params[2], "timestamp=" + self.sent[-1][1])
        self.c.send_line("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z"
                         " timestamp=2999-01-01T00:00:00.000Z 1")
        _, inner = batch_lines(self.c)
        self.assertEqual([m.params[1] for m in inner], ["#h"])

    def test_fail_replies(self):
        d = cap_client(self, "dan", CAPS)
        d.join("#mine")
        d.drain()
        for line, want in (
                ("CHATHISTORY LATEST #nowhere * 10",
                 ["INVALID_TARGET", "LATEST", "#nowhere"]),
                ("CHATHISTORY LATEST #h * 10",      # not a member
                 ["INVALID_TARGET", "LATEST", "#h"]),
                ("CHATHISTORY SIDEWAYS #h * 10", ["UNKNOWN_COMMAND", "SIDEWAYS"]),
                ("CHATHISTORY BEFORE #mine", ["NEED_MORE_PARAMS", "BEFORE"]),
                ("CHATHISTORY BEFORE #mine * 10",
                 ["INVALID_PARAMS", "BEFORE", "#mine"]),
                ("CHATHISTORY AFTER #mine msgid=nope 10",
                 ["INVALID_PARAMS", "AFTER", "#mine"]),
                ("CHATHISTORY AFTER #mine timestamp=yesterday 10",
                 ["INVALID_PARAMS", "AFTER", "#mine"]),
                ("CHATHISTORY LATEST #mine * 0",
                 ["INVALID_PARAMS", "LATEST", "#mine"]),
                ("CHATHISTORY LATEST #mine * 00",
                 ["INVALID_PARAMS", "LATEST", "#mine"]),
                ("CHATHISTORY LATEST #mine * -1",
                 ["INVALID_PARAMS", "LATEST", "#mine"]),
                ("CHATHISTORY LATEST #mine * +5",
                 ["INVALID_PARAMS", "LATEST", "#mine"]),
                ("CHATHISTORY LATEST #mine * 5x",
                 ["INVALID_PARAMS", "LATEST", "#mine"]),
                ("CHATHISTORY AFTER #mine timestamp=2000-01-01T00:00:00Z 0x5",
                 ["INVALID_PARAMS", "AFTER", "#mine"]),
                ("CHATHISTORY TARGETS * * 10", ["INVALID_PARAMS", "TARGETS"]),
                ("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00Z",
                 ["NEED_MORE_PARAMS", "TARGETS"])):
            d.send_line(line)
            m = d.expect("FAIL")
            self.assertEqual(m.params[0], "CHATHISTORY", m)
            self.assertEqual(m.params[1:1 + len(want)], want, (line, m))
        # A nick: natterd keeps no private history, an empty batch.
        d.send_line("CHATHISTORY LATEST ann * 10")
        opened, inner = batch_lines(d)
        self.assertEqual((opened.params[1:], inner), (["chathistory", "ann"], []))
        # Not registered: 451.
        u = self.connect(name="unreg")
        u.send_line("CHATHISTORY LATEST #h * 10")
        self.assertEqual(u.expect("451").command, "451")


class Reconnect(NatterdTestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state, "--flood-rate", "0")
        super().setUp()

    def test_after_last_msgid_across_kill_9(self):
        a = cap_client(self, "ann", CAPS)
        b = self.registered("bob")
        a.join("#r")
        b.join("#r")
        a.drain()
        b.privmsg("#r", "seen")
        last = a.expect("PRIVMSG").tags["msgid"]
        a.close()
        # What ann missed: before and after a kill -9.
        b.privmsg("#r", "missed 1")
        b.privmsg("#r", "missed 2")
        b.send_line("PING :sync")
        b.expect("PONG")
        self.server.killed_on_purpose = True
        self.server.kill()
        self.server = self.start_server(*self.server_args)
        b = self.registered("bob")
        b.join("#r")
        b.privmsg("#r", "missed 3")
        b.send_line("PING :sync")
        b.expect("PONG")
        a = cap_client(self, "ann", CAPS)
        a.join("#r")
        a.drain()
        a.send_line("CHATHISTORY AFTER #r msgid=%s 100" % last)
        _, inner = batch_lines(a)
        self.assertEqual([m.text for m in inner],
                         ["missed 1", "missed 2", "missed 3"])
        ids = [m.tags["msgid"] for m in inner]
        self.assertEqual(sorted(ids), ids)
        self.assertTrue(all(i > last for i in ids))


if __name__ == "__main__":
    main()
