"""natterd: IRCv3 capabilities (CAP 302): LS, LIST, REQ all-or-nothing with
ACK/NAK, and each capability end to end, with and without it negotiated:
server-time on every relayed command, message-tags (client tags relayed
and escaped, 417 over 4094 bytes, TAGMSG), echo-message, away-notify,
multi-prefix and batch."""

import datetime
import re
import time

from natterd_harness import NatterdTestCase, main

# natterd's msgids: 16 lower-case hex digits.
MSGID_RE = "[0-9a-f]{16}"

CAPS = sorted(["away-notify", "batch", "echo-message", "message-tags",
               "multi-prefix", "server-time",
               # room owners (issue 15):
               "invite-notify",
               # IRCv3 history (issue 15):
               "draft/chathistory", "draft/event-playback",
               "userhost-in-names", "cap-notify", "setname",
               "labeled-response", "extended-monitor"])
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


def tag_part(m):
    """The raw tags of a line, without '@' ('' when it has none)."""
    if not m.raw.startswith(b"@"):
        return ""
    return m.raw[1:].split(b" ", 1)[0].decode("utf-8", "surrogateescape")


def untagged(m):
    """The raw line without its tags."""
    if not m.raw.startswith(b"@"):
        return m.raw
    return m.raw.split(b" ", 1)[1].lstrip(b" ")


class Base(NatterdTestCase):

    def cap_client(self, nick, caps=(), user="user"):
        """Register with CAP LS 302 and REQ for caps, then CAP END."""
        c = self.connect(name=nick)
        c.send_line("CAP LS 302")
        ls = c.expect("CAP")
        self.assertEqual(ls.params[1], "LS", ls)
        if caps:
            c.send_line("CAP REQ :" + " ".join(caps))
            ack = c.expect("CAP")
            self.assertEqual(ack.params[1:], ["ACK", " ".join(caps)], ack)
        c.send_line("NICK " + nick)
        c.send_line("USER %s 0 * :%s" % (user, nick))
        c.send_line("CAP END")
        c.finish_registration()
        return c

    def assert_time_tag(self, m, only=True):
        """m carries a valid @time= close to now (and no other tag)."""
        self.assertTrue(m.raw.startswith(b"@time="), m)
        value = m.tags.get("time", "")
        self.assertRegex(value, TIME_RE, m)
        when = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
        when = when.replace(tzinfo=datetime.timezone.utc).timestamp()
        self.assertLess(abs(when - time.time()), 5, m)
        if only:
            self.assertEqual(list(m.tags), ["time"], m)

    def assert_no_tags(self, msgs):
        for m in msgs:
            self.assertFalse(m.raw.startswith(b"@"), m)
            self.assertEqual(m.tags, {}, m)

    def cap_list(self, c):
        c.send_line("CAP LIST")
        m = c.expect("CAP")
        self.assertEqual(m.params[1], "LIST", m)
        return sorted(m.params[2].split())


class Negotiation(Base):

    def test_ls_before_and_after_registration(self):
        c = self.connect()
        for line in ("CAP LS", "CAP LS 302", "cap ls 302"):
            with self.subTest(line=line):
                c.send_line(line)
                m = c.expect("CAP")
                self.assertEqual(m.params[:2], ["*", "LS"], m)
                self.assertEqual(sorted(m.params[2].split()), CAPS, m)
        c.send_line("NICK capper")
        c.send_line("USER u 0 * :x")
        self.assertFalse([m for m in c.drain() if m.command == "001"])
        c.send_line("CAP END")
        c.finish_registration()
        c.send_line("CAP LS 302")
        m = c.expect("CAP")
        self.assertEqual(m.params[:2], ["capper", "LS"], m)
        self.assertEqual(sorted(m.params[2].split()), CAPS, m)
        # CAP END again changes nothing.
        c.send_line("CAP END")
        self.assertEqual(c.drain(), [])

    def test_req_holds_registration(self):
        c = self.connect()
        c.send_line("CAP REQ :server-time")
        m = c.expect("CAP")
        self.assertEqual(m.params, ["*", "ACK", "server-time"], m)
        c.send_line("NICK holder")
        c.send_line("USER u 0 * :x")
        self.assertFalse([m for m in c.drain() if m.command == "001"])
        c.send_line("CAP END")
        burst = c.finish_registration()
        # Numerics carry no tags, whatever was negotiated.
        self.assert_no_tags(burst)

    def test_req_all_or_nothing(self):
        c = self.connect()
        c.register("pam")
        for req in ("server-time bogus", "bogus", "-bogus",
                    "echo-message -nope server-time", "SERVER-TIME",
                    "server-time=1"):
            with self.subTest(req=req):
                c.send_line("CAP REQ :" + req)
                m = c.expect("CAP")
                self.assertEqual(m.params, ["pam", "NAK", req], m)
                self.assertEqual(self.cap_list(c), [])
        c.send_line("CAP REQ :server-time echo-message")
        m = c.expect("CAP")
        self.assertEqual(m.params, ["pam", "ACK", "server-time echo-message"],
                         m)
        self.assertEqual(self.cap_list(c), ["echo-message", "server-time"])
        # A NAK leaves what was enabled alone.
        c.send_line("CAP REQ :-server-time bogus")
        self.assertEqual(c.expect("CAP").params[1], "NAK")
        self.assertEqual(self.cap_list(c), ["echo-message", "server-time"])
        c.send_line("CAP REQ :-server-time")
        m = c.expect("CAP")
        self.assertEqual(m.params, ["pam", "ACK", "-server-time"], m)
        self.assertEqual(self.cap_list(c), ["echo-message"])
        c.send_line("CAP REQ :" + " ".join(CAPS))
        self.assertEqual(c.expect("CAP").params[1], "ACK")
        self.assertEqual(self.cap_list(c), CAPS)
        c.send_line("CAP REQ :-" + " -".join(CAPS))
        self.assertEqual(c.expect("CAP").params[1], "ACK")
        self.assertEqual(self.cap_list(c), [])

    def test_list_before_registration(self):
        c = self.connect()
        c.send_line("CAP REQ :multi-prefix batch")
        self.assertEqual(c.expect("CAP").params[1], "ACK")
        self.assertEqual(self.cap_list(c), ["batch", "multi-prefix"])
        c.send_line("CAP END")
        c.register("pam")
        self.assertEqual(self.cap_list(c), ["batch", "multi-prefix"])

    def test_enabled_mid_session_and_disabled(self):
        t = self.registered("tim")
        t.join("#r")
        p = self.registered("pam")
        p.join("#r")
        t.expect("JOIN")
        p.privmsg("#r", "before")
        self.assert_no_tags([t.expect("PRIVMSG")])
        t.send_line("CAP REQ :server-time")
        t.expect("CAP")
        p.privmsg("#r", "after")
        m = t.expect("PRIVMSG")
        self.assertEqual(m.text, "after", m)
        self.assert_time_tag(m)
        t.send_line("CAP REQ :-server-time")
        t.expect("CAP")
        p.privmsg("#r", "off again")
        m = t.expect("PRIVMSG")
        self.assertEqual(m.text, "off again", m)
        self.assert_no_tags([m])


class ServerTime(Base):

    server_args = ("--oper", "boss:pw")

    def setUp(self):
        super().setUp()
        self.op = self.registered("oli")
        self.op.join("#r")
        self.t = self.cap_client("tim", ["server-time"])
        self.p = self.registered("pam")
        msgs = self.t.join("#r")
        self.own_join = msgs[0]
        self.t_numerics = [m for m in msgs if numeric(m)]
        self.p.join("#r")
        self.seen_t, self.seen_p = [], []
        for c in (self.op, self.t, self.p):
            c.drain()

    def seen(self, actor, command, nick=None):
        """After actor's command: the matching line tim got (checked for
        its time tag) and the one pam got (checked for no tags)."""
        actor.drain()
        for c, sink in ((self.t, self.seen_t), (self.p, self.seen_p)):
            msgs = c.drain()
            sink.extend(msgs)
            got = [m for m in msgs if m.command == command
                   and (nick is None or m.nick == nick)]
            self.assertEqual(len(got), 1, "%r: %r" % (c, msgs))
            if c is self.t:
                self.assert_time_tag(got[0])
                t_line = got[0]
            else:
                self.assert_no_tags(msgs)
                # The same line apart from the tag.
                self.assertEqual(untagged(t_line), got[0].raw)

    def test_every_relayed_command(self):
        op, t, p = self.op, self.t, self.p
        self.assert_time_tag(self.own_join)
        self.assertEqual(untagged(self.own_join),
                         b":tim!user@127.0.0.1 JOIN #r")
        # Replies to tim's own commands: no tags.
        self.assertTrue(self.t_numerics)
        self.assert_no_tags(self.t_numerics)

        x = self.registered("xav")
        x.join("#r")
        self.seen(x, "JOIN")
        x.privmsg("#r", "hello")
        self.seen(x, "PRIVMSG")
        x.send_line("NOTICE #r :notice")
        self.seen(x, "NOTICE")
        op.send_line("TOPIC #r :a topic")
        self.seen(op, "TOPIC")
        op.send_line("MODE #r +l 20")
        self.seen(op, "MODE")
        x.send_line("NICK xavier")
        self.seen(x, "NICK")
        op.send_line("KICK #r xavier :out")
        self.seen(op, "KICK")
        x.join("#r")
        self.seen(x, "JOIN")
        x.send_line("PART #r :leaving")
        self.seen(x, "PART")
        x.join("#r")
        self.seen(x, "JOIN")
        x.send_line("QUIT :gone")
        x.read_until_closed()
        self.seen(op, "QUIT")
        # An operator's KILL shows as a QUIT too.
        y = self.registered("yan")
        y.join("#r")
        self.seen(y, "JOIN")
        boss = self.registered("boss")
        boss.send_line("OPER boss pw")
        boss.expect("381")
        boss.send_line("KILL yan :bye")
        y.read_until_closed()
        self.seen(boss, "QUIT")

        # Private messages and tim's own NICK.
        op.privmsg("tim", "psst")
        op.drain()
        m = t.expect("PRIVMSG")
        self.assert_time_tag(m)
        self.assertEqual((m.source, m.params),
                         ("oli!user@127.0.0.1", ["tim", "psst"]))
        t.send_line("NICK timmy")
        m = t.expect("NICK")
        self.assert_time_tag(m)
        m = p.expect("NICK")
        self.assert_no_tags([m])

    def test_numerics_carry_no_tags(self):
        t = self.t
        for line, end in (("NAMES #r", "366"), ("MODE #r", "329"),
                          ("WHO #r", "315"), ("WHOIS oli", "318"),
                          ("PRIVMSG nobody :x", "401"), ("LIST", "323"),
                          ("LUSERS", "266"), ("MOTD", "422"),
                          ("TOPIC #r", "331"), ("MODE tim", "221"),
                          ("BOGUS", "421")):
            with self.subTest(line=line):
                t.send_line(line)
                msgs = t.lines_until(end)
                self.assert_no_tags(msgs)
        # An away reply to a private message is a numeric too.
        self.p.send_line("AWAY :out")
        self.p.expect("306")
        t.privmsg("pam", "hi")
        m = t.expect("301")
        self.assert_no_tags([m])
        self.assert_no_tags(t.drain())


class MessageTags(Base):

    CLIENT_TAGS = r"+example.com/foo=a\sb\:c\\d;+flag"

    def setUp(self):
        super().setUp()
        self.s = self.cap_client("sam", ["message-tags"])
        self.s.join("#r")
        self.r1 = self.cap_client("mia", ["message-tags"])
        self.r2 = self.cap_client("tia", ["message-tags", "server-time"])
        self.r3 = self.registered("pam")
        self.r4 = self.cap_client("tom", ["server-time"])
        self.all = (self.r1, self.r2, self.r3, self.r4)
        for c in self.all:
            c.join("#r")
        for c in (self.s,) + self.all:
            c.drain()

    def check_delivery(self, command, params, client_tags, tag_dict,
                       source="sam!user@127.0.0.1"):
        """Each recipient got the line in its dialect, message-tags ones
        with the event's one msgid before the client's tags."""
        r1, r2, r3, r4 = self.all
        plain = (":%s %s %s" % (source, command, " ".join(params))).encode()
        after_id = ";" + client_tags if client_tags else ""
        m = r1.expect(command)
        self.assertEqual(tag_part(m), "msgid=%s%s"
                         % (m.tags.get("msgid"), after_id), m)
        self.assertRegex(m.tags["msgid"], "^" + MSGID_RE + "$", m)
        msgid = m.tags["msgid"]
        self.assertEqual(m.tags, dict(tag_dict, msgid=msgid), m)
        self.assertEqual(untagged(m), plain, m)
        m = r2.expect(command)
        self.assert_time_tag(m, only=False)
        # time first, then the msgid, then the client's tags as sent.
        self.assertEqual(tag_part(m).split(";", 1)[1],
                         "msgid=" + msgid + after_id, m)
        want = dict(tag_dict, time=m.tags["time"], msgid=msgid)
        self.assertEqual(m.tags, want, m)
        self.assertEqual(untagged(m), plain, m)
        m = r3.expect(command)
        self.assert_no_tags([m])
        self.assertEqual(m.raw, plain, m)
        m = r4.expect(command)
        self.assert_time_tag(m)
        self.assertEqual(untagged(m), plain, m)

    def test_client_tags_relayed_to_room(self):
        self.s.send_line("@%s;label=abc PRIVMSG #r :hello tags"
                         % self.CLIENT_TAGS)
        self.check_delivery("PRIVMSG", ["#r", ":hello tags"],
                            self.CLIENT_TAGS,
                            {"+example.com/foo": "a b;c\\d", "+flag": ""})
        self.s.send_line("@+x=1 NOTICE #r :a notice")
        self.check_delivery("NOTICE", ["#r", ":a notice"], "+x=1",
                            {"+x": "1"})
        # No copy for the sender (no echo-message).
        self.assertEqual(self.s.drain(), [])

    def test_client_tags_relayed_to_nick(self):
        r1, r2, r3, r4 = self.all
        self.s.send_line("@+a=b PRIVMSG mia :direct")
        m = r1.expect("PRIVMSG")
        self.assertRegex(tag_part(m), "^msgid=" + MSGID_RE + r";\+a=b$", m)
        self.assertEqual(m.params, ["mia", "direct"], m)
        self.s.send_line("@+a=b PRIVMSG tia :direct")
        m = r2.expect("PRIVMSG")
        self.assertRegex(tag_part(m), r"^time=[^;]+;msgid=" + MSGID_RE +
                         r";\+a=b$")
        self.s.send_line("@+a=b PRIVMSG pam :direct")
        m = r3.expect("PRIVMSG")
        self.assert_no_tags([m])
        self.assertEqual((m.source, m.params),
                         ("sam!user@127.0.0.1", ["pam", "direct"]))
        self.s.send_line("@+a=b PRIVMSG tom :direct")
        m = r4.expect("PRIVMSG")
        self.assert_time_tag(m)

    def test_sender_without_message_tags(self):
        u = self.cap_client("uma", ["server-time"])
        u.join("#r")
        for c in (self.s,) + self.all:
            c.drain()
        u.send_line("@+secret=1;+flag PRIVMSG #r :no tags from me")
        self.check_delivery("PRIVMSG", ["#r", ":no tags from me"], "", {},
                            source="uma!user@127.0.0.1")
        # Over the limit the line is refused all the same: the limit
        # counts every tag sent, whether or not it could be relayed.
        u.send_line("@+a=%s PRIVMSG #r :too big" % ("x" * 5000))
        self.assertEqual(u.expect(numeric).command, "417")
        for c in self.all:
            self.assertEqual(c.drain(), [], c)

    def test_client_tags_limit(self):
        # "+a=" and 4091 bytes: 4094, the most allowed.
        most = "+a=" + "x" * 4091
        self.s.send_line("@%s PRIVMSG #r :at the limit" % most)
        self.check_delivery("PRIVMSG", ["#r", ":at the limit"], most,
                            {"+a": "x" * 4091})
        for tags in ("+a=" + "x" * 4092,
                     "+a=" + "x" * 2000 + ";+b=" + "y" * 2100,
                     # tags that are not relayed count too
                     "foo=bar;+a=" + "x" * 4084,
                     "vendor/x=" + "v" * 4000 + ";+a=" + "x" * 100,
                     # escaped bytes count as they are on the wire
                     "+a=" + "\\s" * 2046):
            with self.subTest(length=len(tags)):
                self.s.send_line("@%s PRIVMSG #r :too much" % tags)
                m = self.s.expect(numeric)
                self.assertEqual(m.command, "417", m)
                self.assertEqual(m.params[0], "sam", m)
                self.s.send_line("@%s TAGMSG #r" % tags)
                self.assertEqual(self.s.expect(numeric).command, "417")
                self.s.drain()
                for c in self.all:
                    self.assertEqual(c.drain(), [], c)

    def test_tagmsg(self):
        r1, r2, r3, r4 = self.all
        self.s.send_line("@+typing=active TAGMSG #r")
        m = r1.expect("TAGMSG")
        self.assertRegex(m.raw.decode(), r"^@msgid=" + MSGID_RE +
                         r";\+typing=active :sam!user@127\.0\.0\.1 "
                         r"TAGMSG #r$", m)
        m = r2.expect("TAGMSG")
        self.assertRegex(m.raw.decode(), r"^@time=[^;]+;msgid=" + MSGID_RE +
                         r";\+typing=active "
                         r":sam!user@127\.0\.0\.1 TAGMSG #r$")
        self.s.drain()
        self.assertEqual(r3.drain(), [])
        self.assertEqual(r4.drain(), [])
        self.assertEqual(self.s.drain(), [])
        # To nicks.
        for c in self.all:
            self.s.send_line("@+typing=paused TAGMSG " + c.nick)
        m = r1.expect("TAGMSG")
        self.assertEqual(m.params, ["mia"], m)
        self.assertEqual(m.tags, {"+typing": "paused",
                                  "msgid": m.tags.get("msgid")}, m)
        m = r2.expect("TAGMSG")
        self.assertEqual(m.params, ["tia"], m)
        self.s.drain()
        self.assertEqual(r3.drain(), [])
        self.assertEqual(r4.drain(), [])
        # No errors for the plain ones.
        self.assertEqual(self.s.drain(), [])

    def test_escaped_values_cannot_break_lines(self):
        tags = r"+x=a\r\nQUIT\s:injected;+y=semi\:colon\\"
        self.s.send_line("@%s PRIVMSG #r :two words" % tags)
        self.check_delivery("PRIVMSG", ["#r", ":two words"], tags,
                            {"+x": "a\r\nQUIT :injected",
                             "+y": "semi;colon\\"})
        for c in self.all:
            self.assertEqual(c.drain(), [], c)

    def test_non_client_tags_are_not_relayed(self):
        self.s.send_line("@label=1;draft/x=y;time=2000-01-01T00:00:00.000Z "
                         "PRIVMSG #r :server tags are mine")
        self.check_delivery("PRIVMSG", ["#r", ":server tags are mine"], "",
                            {})


class EchoMessage(Base):

    def setUp(self):
        super().setUp()
        self.e = self.cap_client("eve", ["echo-message"])
        self.e.join("#r")
        self.r = self.registered("ray")
        self.r.join("#r")
        self.n = self.registered("ned")      # no echo-message
        self.n.join("#r")
        for c in (self.e, self.r, self.n):
            c.drain()

    def test_echo_to_room_and_nick(self):
        e, r = self.e, self.r
        for line, command in (("PRIVMSG #r :to the room", "PRIVMSG"),
                              ("NOTICE #r :notice to the room", "NOTICE"),
                              ("PRIVMSG ray :just you", "PRIVMSG"),
                              ("NOTICE RAY :notice for you", "NOTICE")):
            with self.subTest(line=line):
                e.send_line(line)
                echo = e.expect(command)
                other = r.expect(command)
                self.assertEqual(echo.raw, other.raw)
                self.assertEqual(echo.source, "eve!user@127.0.0.1", echo)
                self.assertEqual(len([m for m in e.drain()
                                      if m.command == command]), 0)

    def test_no_echo_without_cap(self):
        self.n.privmsg("#r", "no echo")
        self.n.privmsg("ray", "no echo")
        self.n.send_line("NOTICE #r :no echo")
        self.assertEqual(self.n.drain(), [])
        self.r.expect("PRIVMSG")

    def test_echo_to_self_twice(self):
        # The echo says it was sent, the delivery that it came (with
        # labeled-response only the echo carries the label).
        self.e.privmsg("eve", "note to self")
        msgs = [m for m in self.e.drain() if m.command == "PRIVMSG"]
        self.assertEqual(len(msgs), 2, msgs)
        for m in msgs:
            self.assertEqual(m.params, ["eve", "note to self"])

    def test_echo_several_targets(self):
        self.e.privmsg("#r,ray,ned", "three")
        msgs = [m for m in self.e.drain() if m.command == "PRIVMSG"]
        self.assertEqual(sorted(m.params[0] for m in msgs),
                         ["#r", "ned", "ray"], msgs)

    def test_echo_from_outside(self):
        e, r = self.e, self.r
        out = self.cap_client("oz", ["echo-message"])
        out.privmsg("#r", "knock")
        m = out.expect(numeric)
        self.assertEqual(m.command, "404", m)
        self.assertFalse([m for m in out.drain() if m.command == "PRIVMSG"])
        e.send_line("MODE #r -n")
        e.expect("MODE")
        r.expect("MODE")
        out.privmsg("#r", "from outside")
        echo = out.expect("PRIVMSG")
        self.assertEqual(echo.raw, r.expect("PRIVMSG").raw)
        self.assertEqual(echo.params, ["#r", "from outside"])

    def test_echo_in_own_dialect(self):
        e2 = self.cap_client("eva", ["echo-message", "server-time",
                                     "message-tags"])
        t = self.cap_client("tia", ["server-time", "message-tags"])
        mt = self.cap_client("mo", ["message-tags"])
        for c in (e2, t, mt):
            c.join("#r")
        for c in (self.e, self.r, self.n, e2, t, mt):
            c.drain()
        e2.send_line("@+k=v PRIVMSG #r :tagged")
        echo = e2.expect("PRIVMSG")
        # Formatted once: the same time as tia's copy.
        self.assertEqual(echo.raw, t.expect("PRIVMSG").raw)
        self.assertEqual(echo.tags["+k"], "v", echo)
        self.assert_time_tag(echo, only=False)
        self.assertEqual(tag_part(mt.expect("PRIVMSG")),
                         "msgid=%s;+k=v" % echo.tags["msgid"])
        m = self.r.expect("PRIVMSG")
        self.assertEqual(untagged(echo), m.raw)
        # eve (echo-message only) sees the plain form of its own line.
        self.e.send_line("@+k=v PRIVMSG #r :plain")
        echo = self.e.expect(lambda m: m.command == "PRIVMSG"
                             and m.nick == "eve")
        self.assert_no_tags([echo])
        self.assertEqual(untagged(e2.expect("PRIVMSG")), echo.raw)
        # TAGMSG comes back to a sender with message-tags.
        e2.send_line("@+typing=active TAGMSG #r")
        echo = e2.expect("TAGMSG")
        self.assertEqual(echo.raw, t.expect("TAGMSG").raw)
        e2.send_line("@+typing=done TAGMSG tia")
        echo = e2.expect("TAGMSG")
        self.assertEqual(echo.raw, t.expect("TAGMSG").raw)
        self.assertEqual(echo.tags["+typing"], "done")


class AwayNotify(Base):

    def setUp(self):
        super().setUp()
        self.x = self.cap_client("xia", ["away-notify"])
        self.w = self.cap_client("wes", ["away-notify"])
        self.wt = self.cap_client("wt", ["away-notify", "server-time"])
        self.p = self.registered("pam")
        for c in (self.x, self.w, self.wt, self.p):
            c.join("#r")
        self.y = self.cap_client("yul", ["away-notify"])     # in no room
        self.y.join("#other")
        for c in (self.x, self.w, self.wt, self.p, self.y):
            c.drain()

    def test_away_notify(self):
        x, w, wt, p, y = self.x, self.w, self.wt, self.p, self.y
        x.send_line("AWAY :out to lunch")
        self.assertEqual(x.expect(numeric).command, "306")
        m = w.expect("AWAY")
        self.assertEqual(m.raw, b":xia!user@127.0.0.1 AWAY :out to lunch")
        m = wt.expect("AWAY")
        self.assert_time_tag(m)
        self.assertEqual(untagged(m), b":xia!user@127.0.0.1 AWAY "
                         b":out to lunch")
        x.send_line("AWAY")
        self.assertEqual(x.expect(numeric).command, "305")
        m = w.expect("AWAY")
        self.assertEqual(m.raw, b":xia!user@127.0.0.1 AWAY", m)
        self.assertEqual(m.params, [], m)
        x.drain()
        # Not to itself, not to those without the cap, not to strangers.
        self.assertEqual(x.drain(), [])
        self.assertEqual(p.drain(), [])
        self.assertEqual(y.drain(), [])
        self.assertEqual([m.command for m in w.drain()], [])
        self.assertEqual([m.command for m in wt.drain()], ["AWAY"])

    def test_away_notify_once_across_rooms(self):
        x, w = self.x, self.w
        for c in (x, w):
            c.join("#second")
        x.drain()
        w.drain()
        x.send_line("AWAY :brb")
        x.expect("306")
        x.drain()
        msgs = [m for m in w.drain() if m.command == "AWAY"]
        self.assertEqual(len(msgs), 1, msgs)

    def test_away_notify_by_plain_client(self):
        # The one going away needs no capability.
        self.p.send_line("AWAY :meeting")
        self.p.expect("306")
        m = self.w.expect("AWAY")
        self.assertEqual(m.params, ["meeting"], m)
        self.assertEqual(m.nick, "pam", m)

    def test_away_user_joining(self):
        # An away user who joins is announced as away right after the JOIN
        # to those with the cap, and only to them.
        x, w, p = self.x, self.w, self.p
        self.y.send_line("AWAY :on holiday")
        self.y.expect("306")
        self.y.join("#r")
        msgs = w.lines_until(lambda m: m.command == "AWAY")
        self.assertEqual([m.command for m in msgs], ["JOIN", "AWAY"], msgs)
        self.assertEqual(msgs[1].raw, b":yul!user@127.0.0.1 AWAY :on holiday")
        x.expect("AWAY")
        self.assertEqual([m.command for m in p.lines_until("JOIN")], ["JOIN"])
        self.assertEqual([m.command for m in self.y.drain()
                          if m.command == "AWAY"], [])
        p.send_line("PING sync")
        self.assertEqual([m.command for m in p.lines_until("PONG")], ["PONG"])


class PrefixAndBatch(Base):

    def test_multi_prefix(self):
        a = self.cap_client("pam", ["multi-prefix"])
        msgs = a.join("#r")
        b = self.registered("ray")
        b.join("#r")
        self.assertEqual([m.params[3] for m in msgs if m.command == "353"],
                         ["@pam"], msgs)
        a.send_line("NAMES #r")
        msgs = a.lines_until("366")
        self.assertEqual([m.params[3] for m in msgs if m.command == "353"],
                         ["@pam ray"], msgs)
        a.send_line("WHO #r")
        msgs = a.lines_until("315")
        self.assertEqual([m.params[6] for m in msgs if m.command == "352"],
                         ["H@", "H"], msgs)

    def test_batch_accepted(self):
        a = self.cap_client("pam", ["batch"])
        self.assertEqual(self.cap_list(a), ["batch"])
        b = self.registered("ray")
        a.join("#r")
        b.join("#r")
        b.privmsg("#r", "plain as ever")
        m = a.expect("PRIVMSG")
        self.assert_no_tags([m])
        self.assertEqual(m.raw, b":ray!user@127.0.0.1 PRIVMSG #r "
                         b":plain as ever")


if __name__ == "__main__":
    main()
