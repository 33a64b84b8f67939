"""natterd: room operators and MODE (324/329, +o +t +n +k +l and
their errors 401 441 461 472 475 471 482 525 696), user modes (221, +i,
501, 502), KICK (441 442 482 401 403), and the IRC operator of
--oper NAME:PASS (OPER 381/464/491, KILL 481, KICK and MODE anywhere,
JOIN despite +k/+l)."""

import time

from natterd_harness import NatterdTestCase, main


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


def names(client, room):
    """Send NAMES and return the room's entries with their prefixes."""
    client.send_line("NAMES " + room)
    out = []
    low = room.lower()
    while True:
        m = client.expect(lambda m: m.command in ("353", "366")
                          and low in [p.lower() for p in m.params])
        if m.command == "366":
            return out
        out += m.params[3].split()


def room_modes(client, room):
    """MODE #room: return (324, 329)."""
    client.send_line("MODE " + room)
    return client.expect("324"), client.expect("329")


def mode_args(m324):
    """The modes of a 324 as {char: argument or None}."""
    modes, args = m324.params[2], list(m324.params[3:])
    out = {}
    for ch in modes.lstrip("+"):
        out[ch] = args.pop(0) if ch in "kl" else None
    return out


def apply_flags(flags, modestring):
    """Apply a modestring of flag modes (no parameters) to a set."""
    flags, sign = set(flags), "+"
    for ch in modestring:
        if ch in "+-":
            sign = ch
        elif sign == "+":
            flags.add(ch)
        else:
            flags.discard(ch)
    return flags


class Base(NatterdTestCase):

    def assert_silent(self, *clients, what=None):
        """Nothing (or nothing of the commands in `what`) reaches these
        clients; the actor must have synced before."""
        for c in clients:
            got = c.drain()
            if what is not None:
                got = [m for m in got if m.command in what]
            self.assertEqual(got, [], "%r got %r" % (c, got))

    def mode_seen(self, clients, source, params):
        """Every client sees exactly this one MODE line."""
        for c in clients:
            m = c.expect("MODE")
            self.assertEqual(m.source, source, m)
            self.assertEqual(m.params, params, m)
        self.assert_silent(*clients, what=("MODE",))


class RoomOperator(Base):

    def test_first_joiner_is_operator(self):
        a = self.registered("pam")
        msgs = a.join("#r")
        own = [m for m in msgs if m.command == "353"]
        self.assertEqual(own[0].params[3].split(), ["@pam"], msgs)
        b = self.registered("ray")
        msgs = b.join("#r")
        listed = []
        for m in msgs:
            if m.command == "353":
                listed += m.params[3].split()
        self.assertEqual(listed, ["@pam", "ray"], msgs)
        self.assertEqual(names(a, "#r"), ["@pam", "ray"])
        # The room goes with its last member; whoever opens it again runs it.
        # pam's PART must be done before ray's (two readers, no order).
        a.send_line("PART #r")
        a.expect(lambda m: m.command == "PART" and m.nick == "pam")
        b.send_line("PART #r")
        b.expect(lambda m: m.command == "PART" and m.nick == "ray")
        msgs = b.join("#r")
        self.assertEqual([m.params[3] for m in msgs if m.command == "353"],
                         ["@ray"], msgs)

    def test_room_modes_default_nt(self):
        before = int(time.time())
        a, b = self.in_room("#r", "pam", "ray")
        for c, nick in ((a, "pam"), (b, "ray")):
            m324, m329 = room_modes(c, "#r")
            self.assertEqual(m324.params[:2], [nick, "#r"], m324)
            self.assertTrue(m324.params[2].startswith("+"), m324)
            self.assertEqual(sorted(m324.params[2][1:]), ["n", "t"], m324)
            self.assertEqual(len(m324.params), 3, m324)
            self.assertEqual(m329.params[:2], [nick, "#r"], m329)
            created = int(m329.params[2])
            self.assertTrue(before - 2 <= created <= time.time() + 2, m329)
        # Outsiders may ask too; room names are case-insensitive.
        c = self.registered("sue")
        m324, m329 = room_modes(c, "#R")
        self.assertEqual(m324.params[1].lower(), "#r", m324)
        self.assertEqual(sorted(m324.params[2][1:]), ["n", "t"], m324)
        self.assertEqual(m329.params[2], str(created), m329)

    def test_mode_unknown_room(self):
        a = self.registered("pam")
        for line in ("MODE #nosuch", "MODE #nosuch +t"):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, "403", m)
                self.assertEqual(m.params[:2], ["pam", "#nosuch"], m)

    def test_ban_list_is_empty(self):
        a, b = self.in_room("#r", "pam", "ray")
        c = self.registered("sue")
        for cl, nick in ((a, "pam"), (b, "ray"), (c, "sue")):
            for q in ("b", "+b"):
                with self.subTest(nick=nick, q=q):
                    cl.send_line("MODE #r " + q)
                    m = cl.expect(numeric)
                    self.assertEqual(m.command, "368", m)
                    self.assertEqual(m.params[:2], [nick, "#r"], m)
                    self.assertEqual(cl.drain(), [])
        self.assert_silent(a, b)

    def test_isupport_modes(self):
        a = self.registered("pam")
        self.assertEqual(a.isupport.get("PREFIX"), "(ov)@+")
        self.assertEqual(a.isupport.get("CHANMODES"), "beI,k,l,imnst")
        self.assertEqual(a.isupport.get("MODES"), "4")
        self.assertEqual(a.isupport.get("KICKLEN"), "300")

    def test_mode_needs_params(self):
        a = self.registered("pam")
        a.send_line("MODE")
        m = a.expect(numeric)
        self.assertEqual(m.command, "461", m)
        self.assertEqual(m.params[:2], ["pam", "MODE"], m)


class OpMode(Base):

    def setUp(self):
        super().setUp()
        self.a, self.b, self.c = self.in_room("#r", "pam", "ray", "sue")
        self.everyone = (self.a, self.b, self.c)
        self.src = "pam!user@127.0.0.1"

    def test_give_and_take_op(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +o ray")
        self.mode_seen(self.everyone, self.src, ["#r", "+o", "ray"])
        self.assertEqual(names(c, "#r"), ["@pam", "@ray", "sue"])
        # ray is an operator now: may set the topic and modes.
        b.send_line("TOPIC #r :ray's topic")
        for cl in self.everyone:
            self.assertEqual(cl.expect("TOPIC").params, ["#r", "ray's topic"])
        b.send_line("MODE #r -o pam")
        self.mode_seen(self.everyone, "ray!user@127.0.0.1",
                       ["#r", "-o", "pam"])
        self.assertEqual(names(c, "#r"), ["pam", "@ray", "sue"])
        a.send_line("TOPIC #r :mine")
        m = a.expect(numeric)
        self.assertEqual(m.command, "482", m)
        self.assertEqual(m.params[:2], ["pam", "#r"], m)
        a.send_line("MODE #r +t")
        m = a.expect(numeric)
        self.assertEqual(m.command, "482", m)

    def test_op_nick_case_insensitive(self):
        a, b, c = self.everyone
        a.send_line("MODE #R +o RAY")
        # Announced with the nick and room as they are.
        self.mode_seen(self.everyone, self.src, ["#r", "+o", "ray"])

    def test_combined_changes_one_line(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +o-t ray")
        m = b.expect("MODE")
        self.assertEqual(m.raw, b":pam!user@127.0.0.1 MODE #r +o-t ray", m)
        for cl in (a, c):
            self.assertEqual(cl.expect("MODE").raw, m.raw)
        self.assert_silent(*self.everyone, what=("MODE",))
        m324, _ = room_modes(c, "#r")
        self.assertEqual(mode_args(m324), {"n": None}, m324)

    def test_only_applied_changes_are_announced(self):
        a, b, c = self.everyone
        # Already +t and +n, pam already an operator: nothing to announce.
        a.send_line("MODE #r +tn")
        a.send_line("MODE #r +o pam")
        a.send_line("MODE #r -o ray")
        a.drain()
        self.assert_silent(*self.everyone, what=("MODE",))
        # +t changes nothing, -n does.
        a.send_line("MODE #r +t-n")
        self.mode_seen(self.everyone, self.src, ["#r", "-n"])
        # Only the parts that work: sue gets op, nobody is not there.
        a.send_line("MODE #r +oo nobody sue")
        m = a.expect(numeric)
        self.assertEqual(m.command, "401", m)
        self.assertEqual(m.params[:2], ["pam", "nobody"], m)
        self.mode_seen(self.everyone, self.src, ["#r", "+o", "sue"])

    def test_op_errors(self):
        a, b, c = self.everyone
        outsider = self.registered("tim")
        for line, num, params in (
                ("MODE #r +o nobody", "401", ["pam", "nobody"]),
                ("MODE #r -o nobody", "401", ["pam", "nobody"]),
                ("MODE #r +o tim", "441", ["pam", "tim", "#r"]),
                ("MODE #r +o", "461", ["pam", "MODE"]),
                ("MODE #r -o", "461", ["pam", "MODE"])):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, num, m)
                self.assertEqual(m.params[:len(params)], params, m)
        a.drain()
        self.assert_silent(*self.everyone, outsider, what=("MODE",))
        self.assertEqual(names(a, "#r"), ["@pam", "ray", "sue"])

    def test_unknown_mode_char(self):
        a, b, c = self.everyone
        for line, ch in (("MODE #r +z", "z"), ("MODE #r -Q", "Q"),
                         ("MODE #r +Y", "Y")):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, "472", m)
                self.assertEqual(m.params[:2], ["pam", ch], m)
        # Known changes around an unknown one still apply.
        a.send_line("MODE #r -tzn")
        m = a.expect(numeric)
        self.assertEqual((m.command, m.params[1]), ("472", "z"), m)
        self.mode_seen(self.everyone, self.src, ["#r", "-tn"])

    def test_non_operator_482(self):
        a, b, c = self.everyone
        outsider = self.registered("tim")
        for cl, nick in ((b, "ray"), (outsider, "tim")):
            for line in ("MODE #r -t", "MODE #r +o " + nick, "MODE #r -o pam",
                         "MODE #r +k key", "MODE #r +l 5", "MODE #r -n"):
                with self.subTest(nick=nick, line=line):
                    cl.send_line(line)
                    m = cl.expect(numeric)
                    self.assertEqual(m.command, "482", m)
                    self.assertEqual(m.params[:2], [nick, "#r"], m)
            cl.drain()
        self.assert_silent(*self.everyone, what=("MODE",))
        m324, _ = room_modes(a, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None}, m324)
        self.assertEqual(names(a, "#r"), ["@pam", "ray", "sue"])

    def test_topic_lock(self):
        a, b, c = self.everyone
        b.send_line("TOPIC #r :by ray")
        m = b.expect(numeric)
        self.assertEqual(m.command, "482", m)
        self.assertEqual(m.params[:2], ["ray", "#r"], m)
        a.send_line("MODE #r -t")
        self.mode_seen(self.everyone, self.src, ["#r", "-t"])
        b.send_line("TOPIC #r :by ray")
        for cl in self.everyone:
            m = cl.expect("TOPIC")
            self.assertEqual((m.nick, m.params), ("ray", ["#r", "by ray"]))
        a.send_line("MODE #r +t")
        self.mode_seen(self.everyone, self.src, ["#r", "+t"])
        c.send_line("TOPIC #r :by sue")
        m = c.expect(numeric)
        self.assertEqual(m.command, "482", m)
        # Asking is always allowed.
        c.send_line("TOPIC #r")
        self.assertEqual(c.expect("332").params[1:], ["#r", "by ray"])

    def test_no_outside_messages(self):
        a, b, c = self.everyone
        out = self.registered("tim")
        out.send_line("PRIVMSG #r :from outside")
        m = out.expect(numeric)
        self.assertEqual(m.command, "404", m)
        self.assertEqual(m.params[:2], ["tim", "#r"], m)
        # NOTICE gets no error, and nothing is delivered.
        out.send_line("NOTICE #r :from outside")
        self.assertEqual(out.drain(), [])
        self.assert_silent(*self.everyone, what=("PRIVMSG", "NOTICE"))

        a.send_line("MODE #r -n")
        self.mode_seen(self.everyone, self.src, ["#r", "-n"])
        out.privmsg("#r", "hello from outside")
        out.send_line("NOTICE #r :notice from outside")
        for cl in self.everyone:
            m = cl.expect("PRIVMSG")
            self.assertEqual(m.source, "tim!user@127.0.0.1", m)
            self.assertEqual(m.params, ["#r", "hello from outside"], m)
            m = cl.expect("NOTICE")
            self.assertEqual(m.params, ["#r", "notice from outside"], m)
        # The outsider gets no copy and no error.
        self.assertEqual(out.drain(), [])

        a.send_line("MODE #r +n")
        self.mode_seen(self.everyone, self.src, ["#r", "+n"])
        out.privmsg("#r", "again")
        self.assertEqual(out.expect(numeric).command, "404")
        out.drain()
        self.assert_silent(*self.everyone, what=("PRIVMSG",))

    def test_key(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +k s3cret")
        self.mode_seen(self.everyone, self.src, ["#r", "+k", "s3cret"])
        # Members see the key, others do not.
        m324, _ = room_modes(b, "#r")
        self.assertEqual(mode_args(m324),
                         {"t": None, "n": None, "k": "s3cret"}, m324)
        d = self.registered("tim")
        m324, _ = room_modes(d, "#r")
        self.assertIn("k", m324.params[2], m324)
        self.assertNotIn("s3cret", m324.params, m324)
        self.assertNotIn(b"s3cret", m324.raw, m324)

        for line in ("JOIN #r", "JOIN #r wrong", "JOIN #r S3CRET",
                     "JOIN #r,#other wrong,x"):
            with self.subTest(line=line):
                d.send_line(line)
                m = d.expect(numeric)
                self.assertEqual(m.command, "475", m)
                self.assertEqual(m.params[:2], ["tim", "#r"], m)
        # The second room of the last JOIN was joined, #r not.
        d.expect(lambda m: m.command == "366" and m.params[1] == "#other")
        d.drain()
        self.assert_silent(*self.everyone, what=("JOIN",))
        self.assertEqual(names(a, "#r"), ["@pam", "ray", "sue"])

        d.send_line("JOIN #r s3cret")
        m = d.expect(lambda m: m.command in ("JOIN", "475"))
        self.assertEqual((m.command, m.params), ("JOIN", ["#r"]), m)
        d.expect("366")
        for cl in self.everyone:
            self.assertEqual(cl.expect("JOIN").nick, "tim")
        d.send_line("PART #r")
        d.expect("PART")

        a.send_line("MODE #r -k")
        m = a.expect("MODE")
        self.assertEqual(m.params[:2], ["#r", "-k"], m)
        m324, _ = room_modes(a, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None}, m324)
        d.join("#r")
        for cl in self.everyone:
            self.assertEqual(cl.expect("JOIN").nick, "tim")

    def test_key_errors(self):
        a, b, c = self.everyone
        for line, num in (("MODE #r +k", "461"),
                          ("MODE #r +k a,b", "525"),
                          ("MODE #r +k " + "x" * 24, "525"),
                          ("MODE #r +k caf\u00e9", "525"),
                          ("MODE #r +k a\x01b", "525")):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, num, m)
                if num == "525":
                    self.assertEqual(m.params[:2], ["pam", "#r"], m)
        a.drain()
        self.assert_silent(*self.everyone, what=("MODE",))
        m324, _ = room_modes(a, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None}, m324)
        # The longest key allowed (KEYLEN in RFC 2812: 23).
        a.send_line("MODE #r +k " + "k" * 23)
        self.mode_seen(self.everyone, self.src, ["#r", "+k", "k" * 23])
        # -k when there is none is no change.
        a.send_line("MODE #r -k")
        self.mode_seen(self.everyone, self.src, ["#r", "-k", "*"])
        a.send_line("MODE #r -k")
        a.drain()
        self.assert_silent(*self.everyone, what=("MODE",))

    def test_limit(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +l 3")
        self.mode_seen(self.everyone, self.src, ["#r", "+l", "3"])
        m324, _ = room_modes(c, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None, "l": "3"},
                         m324)
        d = self.registered("tim")
        m324, _ = room_modes(d, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None, "l": "3"},
                         m324)
        d.send_line("JOIN #r")
        m = d.expect(numeric)
        self.assertEqual(m.command, "471", m)
        self.assertEqual(m.params[:2], ["tim", "#r"], m)
        d.drain()
        self.assert_silent(*self.everyone, what=("JOIN",))
        # Room for one more once somebody leaves.
        c.send_line("PART #r")
        c.expect("PART")
        d.join("#r")
        e = self.registered("una")
        e.send_line("JOIN #r")
        self.assertEqual(e.expect(numeric).command, "471")
        # Raising the limit.
        a.send_line("MODE #r +l 4")
        m = a.expect(lambda m: m.command == "MODE")
        self.assertEqual(m.params, ["#r", "+l", "4"], m)
        e.join("#r")
        a.send_line("MODE #r -l")
        m = a.expect(lambda m: m.command == "MODE")
        self.assertEqual(m.params, ["#r", "-l"], m)
        c.join("#r")
        self.assertEqual(names(a, "#r"), ["@pam", "ray", "tim", "una", "sue"])

    def test_limit_errors(self):
        a, b, c = self.everyone
        for arg in ("abc", "0", "-5", "5x", "99999999999999999999"):
            with self.subTest(arg=arg):
                a.send_line("MODE #r +l " + arg)
                m = a.expect(numeric)
                self.assertEqual(m.command, "696", m)
                self.assertEqual(m.params[:4], ["pam", "#r", "l", arg], m)
        # No parameter is 461; an empty one is never echoed as an empty
        # middle parameter (a malformed line): 696 shows it as "*", an
        # empty key is an invalid one (525), an empty nick a missing one.
        for line, want, params in (
                ("MODE #r +l", "461", ["pam", "MODE"]),
                ("MODE #r +l :", "696", ["pam", "#r", "l", "*"]),
                ("MODE #r +k :", "525", ["pam", "#r"]),
                ("MODE #r +o :", "461", ["pam", "MODE"])):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, want, m)
                self.assertEqual(m.params[:len(params)], params, m)
        a.drain()
        self.assert_silent(*self.everyone, what=("MODE",))
        m324, _ = room_modes(a, "#r")
        self.assertEqual(mode_args(m324), {"t": None, "n": None}, m324)
        # -l needs no parameter and, with no limit set, changes nothing.
        a.send_line("MODE #r -l")
        a.drain()
        self.assert_silent(*self.everyone, what=("MODE",))

    def test_all_parameter_modes_in_one_line(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +klo-t key 10 ray")
        self.mode_seen(self.everyone, self.src,
                       ["#r", "+klo-t", "key", "10", "ray"])
        m324, _ = room_modes(b, "#r")
        self.assertEqual(mode_args(m324), {"n": None, "k": "key", "l": "10"},
                         m324)
        self.assertEqual(names(c, "#r"), ["@pam", "@ray", "sue"])

    def test_long_toggle_string_matches_state(self):
        # However long the modestring, what is announced is the net change,
        # so members' idea of the modes always matches the room's.
        a, b, c = self.everyone
        for changes in (3, 17, 18, 20, 21, 200):
            with self.subTest(changes=changes):
                before = set(mode_args(room_modes(b, "#r")[0]))
                # Every sign flips +t, starting with the one that changes it.
                first = 1 if "t" in before else 0
                modes = "".join("+-"[(first + i) % 2] + "t"
                                for i in range(changes))
                a.send_line("MODE #r " + modes)
                a.drain()
                announced = [m for m in b.drain() if m.command == "MODE"]
                m324, _ = room_modes(b, "#r")
                after = set(mode_args(m324))
                if changes % 2 == 0:
                    # Back where it started: nothing to announce.
                    self.assertEqual(announced, [])
                    self.assertEqual(after, before)
                else:
                    self.assertEqual(len(announced), 1, announced)
                    self.assertRegex(announced[0].params[1], r"^[+-]t$")
                    self.assertEqual(apply_flags(before,
                                                 announced[0].params[1]),
                                     after, "sent %s, announced %r, room "
                                     "is %r" % (modes, announced, m324))

    def test_at_most_four_parameter_modes(self):
        a, b, c = self.everyone
        d, e, f = (self.registered(n) for n in ("tim", "una", "val"))
        for cl in (d, e, f):
            cl.join("#r")
        self.assertEqual(a.isupport.get("MODES"), "4")
        a.send_line("MODE #r +ooooo ray sue tim una val")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+oooo", "ray", "sue", "tim", "una"],
                         m)
        self.assertEqual(names(a, "#r"),
                         ["@pam", "@ray", "@sue", "@tim", "@una", "val"])


class UserModes(Base):

    def test_user_mode_query_and_invisible(self):
        a = self.registered("pam")
        a.send_line("MODE pam")
        m = a.expect(numeric)
        self.assertEqual(m.command, "221", m)
        self.assertEqual(m.params, ["pam", "+"], m)
        a.send_line("MODE pam +i")
        m = a.expect("MODE")
        self.assertEqual(m.nick, "pam", m)
        self.assertEqual(m.params, ["pam", "+i"], m)
        a.send_line("MODE PAM")
        m = a.expect("221")
        self.assertEqual(m.params, ["pam", "+i"], m)
        # Already +i: nothing to echo.
        a.send_line("MODE pam +i")
        self.assertEqual(a.drain(), [])
        a.send_line("MODE pam -i")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["pam", "-i"], m)
        a.send_line("MODE pam")
        self.assertEqual(a.expect("221").params, ["pam", "+"])

    def test_user_mode_errors(self):
        a = self.registered("pam")
        b = self.registered("ray")
        for line, num, params in (
                ("MODE ray", "502", ["pam"]),
                ("MODE ray +i", "502", ["pam"]),
                ("MODE pam +x", "501", ["pam"]),
                ("MODE nobody", "401", ["pam", "nobody"])):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, num, m)
                self.assertEqual(m.params[:len(params)], params, m)
        a.drain()
        b.send_line("MODE ray")
        self.assertEqual(b.expect("221").params, ["ray", "+"])
        # Known flags around an unknown one still apply.
        a.send_line("MODE pam +xi")
        self.assertEqual(a.expect(numeric).command, "501")
        self.assertEqual(a.expect("MODE").params, ["pam", "+i"])
        self.assertEqual(b.drain(), [])

    def test_toggle_echo_is_well_formed(self):
        # The echo says the net change, well formed, however long the
        # modestring (an 8-byte buffer once cut "+i-i+i-i" to "+i-i+i-").
        a = self.registered("pam")
        a.send_line("MODE pam +i-i+i-i")
        a.send_line("MODE pam")
        msgs = a.lines_until("221")
        final = set(msgs[-1].params[1].lstrip("+"))
        echoes = [m for m in msgs if m.command == "MODE"]
        for m in echoes:
            self.assertRegex(m.params[1], r"^([+-][io]+)+$", m)
        shown = set()
        for m in echoes:
            shown = apply_flags(shown, m.params[1])
        self.assertEqual(shown, final, msgs)

    def test_plus_o_is_not_self_granted(self):
        a = self.registered("pam")
        a.send_line("MODE pam +o")
        a.send_line("MODE pam")
        self.assertEqual(a.expect("221").params, ["pam", "+"])
        a.send_line("KILL pam :x")
        self.assertEqual(a.expect(numeric).command, "481")


class Kick(Base):

    def setUp(self):
        super().setUp()
        self.a, self.b, self.c = self.in_room("#r", "pam", "ray", "sue")
        self.everyone = (self.a, self.b, self.c)

    def test_kick_with_reason(self):
        a, b, c = self.everyone
        a.send_line("KICK #r ray :out you go")
        for cl in self.everyone:
            m = cl.expect("KICK")
            self.assertEqual(m.raw, b":pam!user@127.0.0.1 KICK #r ray "
                             b":out you go", m)
        self.assertEqual(names(a, "#r"), ["@pam", "sue"])
        # ray is out: cannot talk there, hears nothing from there.
        b.privmsg("#r", "still here?")
        m = b.expect(numeric)
        self.assertEqual(m.command, "404", m)
        self.assertEqual(m.params[:2], ["ray", "#r"], m)
        c.privmsg("#r", "bye ray")
        a.expect("PRIVMSG")
        c.drain()
        self.assert_silent(b)
        self.assert_silent(a, c, what=("PRIVMSG",))
        # and may come back.
        b.join("#r")
        self.assertEqual(names(b, "#r"), ["@pam", "sue", "ray"])

    def test_kick_default_reason_and_case(self):
        a, b, c = self.everyone
        a.send_line("KICK #R RAY")
        for cl in self.everyone:
            m = cl.expect("KICK")
            self.assertEqual(m.source, "pam!user@127.0.0.1", m)
            self.assertEqual(m.params, ["#r", "ray", "pam"], m)
        a.send_line("KICK #r sue :")
        for cl in (a, c):
            m = cl.expect("KICK")
            self.assertEqual(m.params, ["#r", "sue", "pam"], m)
        self.assert_silent(b, what=("KICK",))

    def test_kick_errors(self):
        a, b, c = self.everyone
        out = self.registered("tim")
        for cl, line, num, params in (
                (b, "KICK #r sue", "482", ["ray", "#r"]),
                (b, "KICK #r pam :coup", "482", ["ray", "#r"]),
                (out, "KICK #r sue", "442", ["tim", "#r"]),
                (a, "KICK #r tim", "441", ["pam", "tim", "#r"]),
                (a, "KICK #r nobody", "401", ["pam", "nobody"]),
                (a, "KICK #nosuch ray", "403", ["pam", "#nosuch"]),
                (a, "KICK #r", "461", ["pam", "KICK"])):
            with self.subTest(line=line, by=cl.nick):
                cl.send_line(line)
                m = cl.expect(numeric)
                self.assertEqual(m.command, num, m)
                self.assertEqual(m.params[:len(params)], params, m)
                cl.drain()
        self.assert_silent(*self.everyone, out, what=("KICK",))
        self.assertEqual(names(a, "#r"), ["@pam", "ray", "sue"])

    def test_kick_reason_length(self):
        a, b, c = self.everyone
        a.send_line("KICK #r ray :" + "r" * 400)
        m = b.expect("KICK")
        self.assertEqual(m.params, ["#r", "ray", "r" * 300], m)

    def test_kicked_operator_and_new_operator_kicks(self):
        a, b, c = self.everyone
        a.send_line("MODE #r +o ray")
        for cl in self.everyone:
            cl.expect("MODE")
        b.send_line("KICK #r pam :my turn")
        for cl in self.everyone:
            m = cl.expect("KICK")
            self.assertEqual((m.nick, m.params), ("ray", ["#r", "pam",
                                                          "my turn"]))
        a.send_line("KICK #r sue")
        m = a.expect(numeric)
        self.assertEqual(m.command, "442", m)
        self.assertEqual(names(c, "#r"), ["@ray", "sue"])


class Oper(Base):

    server_args = ("--oper", "boss:hunter2")

    def oper_up(self, c):
        c.send_line("OPER boss hunter2")
        m = c.expect(numeric)
        self.assertEqual(m.command, "381", m)
        self.assertEqual(m.params[0], c.nick, m)
        m = c.expect("MODE")
        self.assertEqual(m.params, [c.nick, "+o"], m)

    def test_oper(self):
        a = self.registered("ann")
        self.oper_up(a)
        a.send_line("MODE ann")
        self.assertEqual(a.expect("221").params, ["ann", "+o"])
        # Again: still fine, still one operator.
        self.oper_up(a)
        a.send_line("LUSERS")
        self.assertEqual([m.params[1] for m in a.lines_until("266")
                          if m.command == "252"], ["1"])
        a.send_line("MODE ann +i")
        a.expect("MODE")
        a.send_line("MODE ann")
        self.assertEqual(sorted(a.expect("221").params[1][1:]), ["i", "o"])
        # -o gives it up.
        a.send_line("MODE ann -o")
        self.assertEqual(a.expect("MODE").params, ["ann", "-o"])
        a.send_line("MODE ann")
        self.assertEqual(a.expect("221").params, ["ann", "+i"])
        a.send_line("LUSERS")
        self.assertEqual([m.params[1] for m in a.lines_until("266")
                          if m.command == "252"], ["0"])
        a.send_line("KILL ann :x")
        self.assertEqual(a.expect(numeric).command, "481")

    def test_oper_wrong(self):
        a = self.registered("ann")
        for line in ("OPER boss wrong", "OPER Boss hunter2",
                     "OPER other hunter2", "OPER boss hunter2x"):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, "464", m)
                self.assertEqual(m.params[0], "ann", m)
        self.assertEqual([m for m in a.drain() if m.command == "MODE"], [])
        a.send_line("OPER boss")
        self.assertEqual(a.expect(numeric).command, "461")
        a.send_line("MODE ann")
        self.assertEqual(a.expect("221").params, ["ann", "+"])

    def test_kill(self):
        boss = self.registered("boss")
        self.oper_up(boss)
        v, w = self.in_room("#r", "vic", "wes")
        v.join("#s")
        w.join("#s")
        boss.send_line("KILL VIC :go away")
        msgs = v.read_until_closed()
        errors = [m for m in msgs if m.command == "ERROR"]
        self.assertTrue(errors, msgs)
        self.assertIn("Killed (boss (go away))", errors[-1].text)
        m = w.expect("QUIT")
        self.assertEqual(m.source, "vic!user@127.0.0.1", m)
        self.assertEqual(m.params, ["Killed (boss (go away))"], m)
        # Once, though they shared two rooms.
        boss.drain()
        self.assert_silent(w, what=("QUIT",))
        # The nick is free again.
        boss.send_line("ISON vic")
        self.assertEqual(boss.expect("303").params, ["boss", ""])
        self.registered("vic")
        # Unknown nick.
        boss.send_line("KILL nobody :x")
        m = boss.expect(numeric)
        self.assertEqual(m.command, "401", m)
        self.assertEqual(m.params[:2], ["boss", "nobody"], m)
        boss.send_line("KILL")
        self.assertEqual(boss.expect(numeric).command, "461")

    def test_kill_needs_oper(self):
        a, b = self.in_room("#r", "ann", "bea")
        a.send_line("KILL bea :bye")
        m = a.expect(numeric)
        self.assertEqual(m.command, "481", m)
        self.assertEqual(m.params[0], "ann", m)
        a.drain()
        self.assert_silent(b)
        b.privmsg("#r", "still here")
        self.assertEqual(a.expect("PRIVMSG").text, "still here")

    def test_oper_kicks_and_sets_modes_anywhere(self):
        a, b = self.in_room("#r", "ann", "bea")
        boss = self.registered("boss")
        self.oper_up(boss)
        # From outside the room.
        boss.send_line("KICK #r bea :oper says")
        for cl in (a, b, boss):
            m = cl.expect("KICK")
            self.assertEqual(m.source, "boss!user@127.0.0.1", m)
            self.assertEqual(m.params, ["#r", "bea", "oper says"], m)
        boss.send_line("MODE #r -t")
        m = a.expect("MODE")
        self.assertEqual((m.nick, m.params), ("boss", ["#r", "-t"]))
        m324, _ = room_modes(a, "#r")
        self.assertEqual(mode_args(m324), {"n": None}, m324)
        # As a member that is not a room operator.
        boss.join("#r")
        a.expect("JOIN")
        self.assertEqual(names(a, "#r"), ["@ann", "boss"])
        boss.send_line("MODE #r +t-o ann")
        for cl in (a, boss):
            m = cl.expect("MODE")
            self.assertEqual(m.params, ["#r", "+t-o", "ann"], m)
        self.assertEqual(names(a, "#r"), ["ann", "boss"])
        boss.send_line("TOPIC #r :oper topic")
        for cl in (a, boss):
            self.assertEqual(cl.expect("TOPIC").params, ["#r", "oper topic"])

    def test_oper_kicks_last_member(self):
        a = self.registered("ann")
        a.join("#solo")
        boss = self.registered("boss")
        self.oper_up(boss)
        boss.send_line("KICK #solo ann")
        self.assertEqual(a.expect("KICK").params, ["#solo", "ann", "boss"])
        self.assertEqual(boss.expect("KICK").params, ["#solo", "ann", "boss"])
        # Empty now: gone or listed with nobody; who comes back runs it.
        boss.send_line("LIST")
        msgs = boss.lines_until("323")
        self.assertIn([m.params[1:3] for m in msgs if m.command == "322"],
                      ([], [["#solo", "0"]]), msgs)
        msgs = a.join("#solo")
        self.assertEqual([m.params[3] for m in msgs if m.command == "353"],
                         ["@ann"], msgs)

    def test_oper_joins_despite_key_and_limit(self):
        a, b = self.in_room("#r", "ann", "bea")
        a.send_line("MODE #r +kl door 2")
        for cl in (a, b):
            cl.expect("MODE")
        boss = self.registered("boss")
        boss.send_line("JOIN #r")
        self.assertEqual(boss.expect(numeric).command, "475")
        self.oper_up(boss)
        msgs = boss.join("#r")
        self.assertEqual(msgs[0].command, "JOIN", msgs)
        for cl in (a, b):
            self.assertEqual(cl.expect("JOIN").nick, "boss")
        self.assertEqual(names(a, "#r"), ["@ann", "bea", "boss"])
        # Ordinary people still meet both.
        c = self.registered("cat")
        c.send_line("JOIN #r door")
        self.assertEqual(c.expect(numeric).command, "471")


class NoOper(Base):

    def test_oper_without_config(self):
        a = self.registered("ann")
        a.send_line("OPER boss hunter2")
        m = a.expect(numeric)
        self.assertEqual(m.command, "491", m)
        self.assertEqual(m.params[0], "ann", m)
        a.send_line("OPER x y")
        self.assertEqual(a.expect(numeric).command, "491")
        a.send_line("MODE ann")
        self.assertEqual(a.expect("221").params, ["ann", "+"])


if __name__ == "__main__":
    main()
