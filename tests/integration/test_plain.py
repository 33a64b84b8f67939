"""natterd's plain door: a person at nc or telnet, scripted.

A connection silent for --plain-wait is greeted in words and asked for a
nickname (with --password, for the password first); IRC software, which
speaks first, never sees that.  Then: chat both ways with IRC clients
(messages, actions, notices, joins, parts, quits, nick and topic changes,
kicks, modes, private messages), every slash command, terminal safety
(escape sequences, mIRC codes and C1 controls from IRC users arrive
neutralised), telnet IAC bytes and backspaces in what the person types,
the room's history on entry, overlong lines, --plain-wait 0,
--default-room, no PING for a person reading quietly, and the flood limit.

The scripted person (Plain) reads raw lines and keeps every byte it
received, so a test can assert that no ESC ever reached the "terminal".
Syncing: natterd handles a connection's lines in order, so an unknown
command with a unique name is answered after everything an earlier line
caused (Plain.sync).
"""

import collections
import re
import socket
import time

from natterd_harness import DEFAULT_TIMEOUT, NatterdTestCase, main, unique

# The --plain-wait of most tests: short, so the suite stays quick.
WAIT_MS = 300
# "[12:04] " at the start of a relayed line.
STAMP = r"\[\d\d:\d\d\] "
GREETING_END = "Choose a nickname and press Enter:"
PASSWORD_PROMPT = "This server needs a password. Password:"


def as_pattern(match):
    """A predicate over a line from a substring, a compiled regex or a
    predicate."""
    if callable(match):
        return match
    if isinstance(match, re.Pattern):
        return lambda line: match.search(line) is not None
    return lambda line: match in line


class Plain:
    """A person at a raw terminal: a socket, raw lines, everything kept.

    ``received`` holds every byte natterd sent; ``expect`` keeps the lines
    it skipped for later calls; every wait is bounded.
    """

    def __init__(self, port, timeout=DEFAULT_TIMEOUT, rcvbuf=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        self.connected_at = time.monotonic()
        self.timeout = timeout
        self.buf = bytearray()
        self.received = bytearray()
        self.telnet_answers = bytearray()   # what a telnet client would eat
        self.pending = collections.deque()
        self.recent = collections.deque(maxlen=40)
        self.eof = False
        self.nick = None
        self.held = b""

    def __repr__(self):
        return "<Plain %s>" % (self.nick or "?")

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        self.sock.sendall(data)

    def send(self, text, eol=b"\r\n"):
        """Type one line (CR LF, as nc -C and telnet send, by default)."""
        if isinstance(text, str):
            text = text.encode("utf-8", "surrogateescape")
        self.sock.sendall(text + eol)

    def _fill(self, deadline):
        if self.eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout()
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
            data = b""
        if not data:
            self.eof = True
            return False
        # natterd answers telnet's negotiation (IAC WONT/DONT/WILL x); a
        # telnet client consumes those, so they are not "on the terminal".
        data = self._take_telnet_answers(bytes(self.held + data))
        self.buf += data
        self.received += data
        return True

    def _take_telnet_answers(self, data):
        out = bytearray()
        self.held = b""
        i = 0
        while i < len(data):
            if data[i] == 0xff:
                if i + 2 >= len(data):
                    self.held = data[i:]    # the rest comes next read
                    break
                self.telnet_answers += data[i:i + 3]
                i += 3
                continue
            out.append(data[i])
            i += 1
        return bytes(out)

    def read_line(self, timeout=None):
        """The next line (str, without CR LF; invalid UTF-8 replaced), from
        pending first; None at end of stream; socket.timeout when none
        came in time."""
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + (self.timeout if timeout is None
                                       else timeout)
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                raw = bytes(self.buf[:i])
                del self.buf[:i + 1]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                line = raw.decode("utf-8", "replace")
                self.recent.append(line)
                return line
            if not self._fill(deadline):
                return None

    def _fail(self, what, timeout):
        raise AssertionError("%r: %s (waited up to %.1fs). Last lines:\n    %s"
                             % (self, what, timeout,
                                "\n    ".join(self.recent) or "(none)"))

    def expect(self, match, timeout=None):
        """The first line matching; the skipped ones stay pending."""
        pred = as_pattern(match)
        for i, line in enumerate(self.pending):
            if pred(line):
                del self.pending[i]
                return line
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        skipped = []
        try:
            while True:
                try:
                    line = self._read_fresh(deadline)
                except socket.timeout:
                    self._fail("timed out waiting for %r" % (match,), t)
                if line is None:
                    self._fail("connection closed while waiting for %r"
                               % (match,), t)
                if pred(line):
                    return line
                skipped.append(line)
        finally:
            self.pending.extend(skipped)

    def _read_fresh(self, deadline):
        """A line from the socket only (not pending)."""
        saved, self.pending = self.pending, collections.deque()
        try:
            return self.read_line(max(0.0, deadline - time.monotonic()))
        finally:
            self.pending = saved

    def lines_until(self, match, timeout=None):
        """Every line up to and including the first match, consumed."""
        pred = as_pattern(match)
        out = []
        while self.pending:
            line = self.pending.popleft()
            out.append(line)
            if pred(line):
                return out
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        while True:
            try:
                line = self.read_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                self.pending.extendleft(reversed(out))
                self._fail("timed out waiting for %r" % (match,), t)
            if line is None:
                self.pending.extendleft(reversed(out))
                self._fail("connection closed while waiting for %r"
                           % (match,), t)
            out.append(line)
            if pred(line):
                return out

    def sync(self, timeout=None):
        """Every line natterd sent before it handled this call's marker
        line (an unknown command with a unique name), consumed."""
        word = unique("sync")
        self.send("/" + word)
        lines = self.lines_until(
            "-- There is no /%s command; /help lists them." % word, timeout)
        return lines[:-1]

    def quiet(self, seconds):
        """Whatever lines arrive within seconds (pending first); no
        failure when none do."""
        out = list(self.pending)
        self.pending.clear()
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.read_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                return out
            if line is None:
                return out
            out.append(line)

    def read_until_closed(self, timeout=None):
        t = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + t
        out = list(self.pending)
        self.pending.clear()
        while True:
            try:
                line = self.read_line(max(0.0, deadline - time.monotonic()))
            except socket.timeout:
                self._fail("connection was not closed", t)
            if line is None:
                return out
            out.append(line)

    def greeting(self, timeout=None):
        """The greeting, through the nickname prompt."""
        return self.lines_until(GREETING_END, timeout)

    def choose_nick(self, nick, timeout=None):
        """Answer the nickname prompt; return what came until the "In
        #room" line (and the history after it, up to a sync)."""
        self.send(nick)
        lines = self.lines_until(re.compile(r"^-- In #"), timeout)
        lines += self.sync(timeout)
        self.nick = nick
        return lines

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def minutes_between(t0, t1):
    """The "[HH:MM] " stamps natterd may have put on lines between t0 and
    t1 (time.time() values), in local time as natterd renders them."""
    return {time.strftime("[%H:%M] ", time.localtime(t))
            for t in range(int(t0) - 1, int(t1) + 2)}


# Bidi controls, line and paragraph separators and invisible format
# characters: a terminal must not get them raw either.
LAYOUT = set([0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0xFEFF] +
             list(range(0x2028, 0x202F)) + list(range(0x2060, 0x2065)) +
             list(range(0x2066, 0x2070)) + list(range(0xFFF9, 0xFFFC)))


def controls_in(data):
    """Control characters (other than CR LF), C1 code points and layout
    controls (LAYOUT) in data, as a list of descriptions; empty when data
    is terminal-safe."""
    bad = ["byte 0x%02x at %d" % (b, i) for i, b in enumerate(data)
           if (b < 0x20 and b not in (0x0a, 0x0d)) or b == 0x7f]
    text = bytes(data).decode("utf-8", "replace")
    bad += ["U+%04X" % ord(ch) for ch in text
            if 0x80 <= ord(ch) <= 0x9f or ord(ch) in LAYOUT]
    return bad


class PlainTestCase(NatterdTestCase):
    """natterd with a short --plain-wait, and helpers for people."""

    server_args = ("--plain-wait", str(WAIT_MS))

    def connect_plain(self, server=None, **kw):
        p = Plain((server or self.server).port, **kw)
        self.addCleanup(p.close)
        return p

    def person(self, nick, server=None):
        """A person greeted, with a nickname, in the default room, synced."""
        p = self.connect_plain(server)
        p.greeting()
        p.choose_nick(nick)
        return p

    def assert_safe(self, p):
        bad = controls_in(p.received)
        self.assertEqual(bad, [], "control characters reached the plain "
                         "user: %r" % bytes(p.received)[-600:])

    def assert_no_irc_lines(self, lines):
        for line in lines:
            self.assertNotRegex(line, r"^:\S+ (\d{3}|[A-Z]+) ",
                                "an IRC line reached the person")
            self.assertFalse(line.startswith(("PING", "ERROR", "NOTICE")),
                             line)


class Greeting(PlainTestCase):

    def test_silent_connection_is_greeted_in_words(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        carol = self.registered("carol")
        carol.join("#lobby")
        carol.join("#dev")
        carol.drain()
        p = self.connect_plain()
        lines = p.greeting()
        self.assert_no_irc_lines(lines)
        self.assertEqual(lines[0], "Welcome to natter on %s, the chat of "
                         "this network." % bob.server_name, lines)
        # How many people, in which rooms (with how many in each).
        people = [l for l in lines if "people are here" in l]
        self.assertEqual(len(people), 1, lines)
        self.assertTrue(people[0].startswith("2 people are here, in "),
                        people)
        self.assertIn("#lobby (2)", people[0])
        self.assertIn("#dev (1)", people[0])
        self.assertEqual(lines[-1], GREETING_END)
        # Nothing else comes until the person types: no PING, no IRC.
        self.assertEqual(p.quiet(0.5), [])
        self.assert_safe(p)

    def test_greeting_on_an_empty_server(self):
        p = self.connect_plain()
        lines = p.greeting()
        self.assertIn("Nobody else is here yet.", lines)
        self.assert_no_irc_lines(lines)

    def test_greeting_counts_one_person(self):
        self.registered("bob").join("#lobby")
        lines = self.connect_plain().greeting()
        self.assertIn("1 person is here, in #lobby (1).", lines)

    def test_irc_client_that_speaks_at_once_never_sees_the_greeting(self):
        c = self.connect(name="irc")
        burst = c.register("ircuser")
        self.assertTrue(all(m.source for m in burst), burst)
        # Well past the wait: still IRC, nothing in words.
        time.sleep(WAIT_MS / 1000 * 2)
        later = c.drain()
        for m in burst + later:
            self.assertNotIn("Welcome to natter on", m.raw.decode(
                "utf-8", "replace"), m)
            self.assertNotIn(b"Choose a nickname", m.raw)
        c.join("#lobby")
        c.privmsg("#lobby", "still IRC")
        self.assertEqual(c.drain(), [])

    def test_irc_client_pausing_after_its_first_command_stays_irc(self):
        c = self.connect(name="cap")
        c.send_line("CAP LS 302")
        ls = c.expect("CAP")
        self.assertEqual(ls.param(1), "LS", ls)
        # A client reading the capabilities slowly is not a person.
        time.sleep(WAIT_MS / 1000 * 2)
        c.send_line("CAP END")
        burst = c.register("slowcap")
        self.assertEqual(burst[0].command, "001", burst)
        for line in c.history:
            self.assertNotIn(b"Choose a nickname", line)

    def test_lower_case_first_line_is_a_person(self):
        p = self.connect_plain()
        # Typed before the greeting came: not IRC, so greet at once.
        p.send("hello")
        lines = p.lines_until(GREETING_END, timeout=WAIT_MS / 1000 + 3)
        self.assert_no_irc_lines(lines)
        self.assertTrue(lines[0].startswith("Welcome to natter on"), lines)
        # "hello" was not taken as the nickname: the prompt waits.
        self.assertEqual(p.quiet(WAIT_MS / 1000 + 0.3), [])
        lines = p.choose_nick("alice")
        self.assertIn("-- Hello alice! Type a message and press Enter; "
                      "/help lists the commands.", lines)

    def test_telnet_negotiating_first_is_greeted(self):
        # A telnet client that opens with option negotiation (PuTTY,
        # Windows telnet) sends IAC DO SUPPRESS-GO-AHEAD IAC WILL
        # TERMINAL-TYPE at once: no IRC software sends IAC, so this is a
        # person, greeted at once, and each option is refused.
        p = self.connect_plain()
        p.send_raw(b"\xff\xfd\x03\xff\xfb\x18")
        lines = p.lines_until(GREETING_END, timeout=WAIT_MS / 1000 + 3)
        self.assertTrue(lines[0].startswith("Welcome to natter on"), lines)
        # The answers go out once the reader has read the negotiation,
        # which may be after the greeting: they are surely in by the time
        # the nickname is answered.
        p.choose_nick("telnetter")
        self.assertNotIn(0xff, p.received)
        self.assertEqual(bytes(p.telnet_answers),
                         b"\xff\xfc\x03\xff\xfe\x18")   # WONT SGA, DONT TTYPE


class DefaultWait(NatterdTestCase):
    """The default --plain-wait: about a second."""

    def test_greeting_comes_after_about_a_second(self):
        p = Plain(self.server.port)
        self.addCleanup(p.close)
        lines = p.greeting(timeout=6)
        elapsed = time.monotonic() - p.connected_at
        self.assertGreaterEqual(elapsed, 0.9, "greeted after %.2fs" % elapsed)
        self.assertTrue(lines[0].startswith("Welcome to natter on"), lines)


class Nicknames(PlainTestCase):

    def test_invalid_and_taken_then_accepted(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        bob.drain()
        p = self.connect_plain()
        p.greeting()
        for bad in ("1bad", "-dash", "x" * 31, "a,b", "#room", "a.b"):
            p.send(bad)
            line = p.expect("cannot be a nickname")
            self.assertEqual(line[:len(bad) + 9], 'Sorry, "%s"' % bad)
            self.assertEqual(p.expect("Try another:"), "Try another:")
        p.send("bob")
        self.assertEqual(p.expect("is taken"), "Sorry, bob is taken.")
        self.assertEqual(p.expect("Try another:"), "Try another:")
        # Spaces around the nickname do not matter.
        lines = p.choose_nick("  carol ")
        self.assertIn("-- Hello carol! Type a message and press Enter; "
                      "/help lists the commands.", lines)
        self.assertEqual(bob.expect("JOIN").nick, "carol")

    def test_taken_case_insensitively(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        p = self.connect_plain()
        p.greeting()
        p.send("BOB")
        self.assertEqual(p.expect("is taken"), "Sorry, BOB is taken.")
        self.assertEqual(p.expect("Try another:"), "Try another:")
        # An empty answer asks again.
        p.send("")
        self.assertEqual(p.expect(GREETING_END), GREETING_END)
        lines = p.choose_nick("robert")
        self.assertIn("-- Hello robert! Type a message and press Enter; "
                      "/help lists the commands.", lines)
        # Only one Hello, and the IRC user sees an ordinary JOIN.
        join = bob.expect("JOIN")
        self.assertEqual((join.nick, join.user, join.host),
                         ("robert", "plain", "127.0.0.1"), join)
        self.assertEqual(join.params, ["#lobby"])

    def test_utf8_nickname(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        p = self.connect_plain()
        p.greeting()
        lines = p.choose_nick("小明")
        self.assertIn("-- Hello 小明! Type a message and press Enter; "
                      "/help lists the commands.", lines)
        self.assertTrue(any(re.match(STAMP + "-- 小明 joined #lobby$", l)
                            for l in lines), lines)
        names = [l for l in lines if l.startswith("-- In #lobby: ")]
        self.assertEqual(names, ["-- In #lobby: @bob 小明"], lines)
        join = bob.expect("JOIN")
        self.assertEqual(join.nick, "小明")
        p.send("你好")
        m = bob.expect("PRIVMSG")
        self.assertEqual((m.nick, m.params), ("小明", ["#lobby", "你好"]))

    def test_nickname_with_escape_is_refused_visibly(self):
        p = self.connect_plain()
        p.greeting()
        p.send("\x1b[31mred")
        line = p.expect("cannot be a nickname")
        self.assertIn('"^[[31mred"', line)
        self.assert_safe(p)

    def test_slow_person_at_the_prompt_is_not_timed_out(self):
        # --ping-timeout closes unregistered IRC connections; a person has
        # ten minutes to choose a nickname.
        server = self.start_server("--plain-wait", str(WAIT_MS),
                                   "--ping-interval", "1",
                                   "--ping-timeout", "1")
        p = self.connect_plain(server)
        p.greeting()
        self.assertEqual(p.quiet(3.5), [])
        self.assertFalse(p.eof)
        p.choose_nick("slowpoke")


class Password(PlainTestCase):
    server_kwargs = {"password": "sesame"}

    def test_door_asks_for_the_password(self):
        p = self.connect_plain()
        lines = p.lines_until(PASSWORD_PROMPT)
        self.assertNotIn(GREETING_END, lines)
        p.send("sesame")
        self.assertEqual(p.expect(GREETING_END), GREETING_END)
        lines = p.choose_nick("alice")
        self.assertIn("-- Hello alice! Type a message and press Enter; "
                      "/help lists the commands.", lines)
        # IRC clients still use PASS.
        c = self.connect(name="irc")
        c.register("ircuser", password="sesame")

    def test_wrong_password_closes(self):
        p = self.connect_plain()
        p.lines_until(PASSWORD_PROMPT)
        p.send("open sesame")
        lines = p.read_until_closed()
        self.assertIn("-- Wrong password.", lines)
        self.assertNotIn(GREETING_END, lines)
        self.assert_no_irc_lines(lines)
        # Nobody got in.
        c = self.connect(name="irc")
        c.register("watcher", password="sesame")
        c.send_line("WHOIS open")
        self.assertEqual(c.expect(("401", "311")).command, "401")


class Chat(PlainTestCase):

    def setUp(self):
        super().setUp()
        self.bob = self.registered("bob")
        self.bob.join("#lobby")
        self.bob.drain()
        self.t0 = time.time()
        self.alice = self.person("alice")
        self.bob.expect("JOIN")
        self.bob.drain()

    def stamped(self, lines, text):
        """The lines that are "[HH:MM] text", with a plausible time."""
        stamps = minutes_between(self.t0, time.time())
        out = []
        for line in lines:
            m = re.match("(%s)(.*)$" % STAMP, line)
            if m and m.group(2) == text:
                self.assertIn(m.group(1), stamps, line)
                out.append(line)
        return out

    def see(self, text):
        """Wait until alice sees "[HH:MM] text" (once, synced)."""
        self.alice.expect(re.compile("^%s%s$" % (STAMP, re.escape(text))))

    def test_person_to_irc(self):
        word = unique("hi")
        self.alice.send("hello %s 你好 ✓" % word)
        m = self.bob.expect("PRIVMSG")
        self.assertEqual((m.nick, m.user, m.host),
                         ("alice", "plain", "127.0.0.1"), m)
        self.assertEqual(m.params, ["#lobby", "hello %s 你好 ✓" % word])
        # LF alone ends a line too (nc without -C).
        self.alice.send("lf only", eol=b"\n")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["#lobby", "lf only"])
        # Not echoed back to the person (their terminal shows it).
        self.assertEqual(self.alice.sync(), [])
        # Empty lines are nothing.
        self.alice.send("")
        self.alice.send("", eol=b"\n")
        self.alice.sync()
        self.assertEqual([m.params for m in self.bob.drain()
                          if m.command == "PRIVMSG"], [])

    def test_irc_to_person(self):
        bob = self.bob
        bob.privmsg("#lobby", "hi alice 😀")
        bob.privmsg("#lobby", "\x01ACTION waves\x01")
        bob.send_line("NOTICE #lobby :room notice")
        bob.privmsg("alice", "psst")
        bob.privmsg("alice", "\x01ACTION hugs you\x01")
        bob.send_line("NOTICE alice :just you")
        bob.drain()
        lines = self.alice.sync()
        self.assertEqual(len(self.stamped(lines, "<bob> hi alice 😀")), 1,
                         lines)
        self.assertEqual(len(self.stamped(lines, "* bob waves")), 1, lines)
        self.assertEqual(len(self.stamped(lines, "-bob- room notice")), 1,
                         lines)
        self.assertEqual(len(self.stamped(lines, "*bob* psst")), 1, lines)
        self.assertEqual(len(self.stamped(lines,
                                          "*private* * bob hugs you")), 1,
                         lines)
        self.assertEqual(len(self.stamped(lines, "-bob- just you")), 1,
                         lines)
        self.assertEqual(len(lines), 6, lines)

    def test_joins_parts_quits_nicks_topics(self):
        carol = self.registered("carol")
        carol.join("#lobby")
        carol.send_line("PART #lobby :off to lunch")
        carol.join("#lobby")
        carol.send_line("PART #lobby")
        carol.drain()
        dave = self.registered("dave")
        dave.join("#lobby")
        dave.send_line("QUIT :see you")
        dave.read_until_closed()
        self.bob.send_line("NICK robert")
        self.bob.send_line("TOPIC #lobby :the new topic ✓")
        self.bob.drain()
        lines = self.alice.sync()
        want = ["-- carol joined #lobby",
                "-- carol left #lobby (off to lunch)",
                "-- carol joined #lobby",
                "-- carol left #lobby",
                "-- dave joined #lobby",
                "-- dave quit (Quit: see you)",
                "-- bob is now known as robert",
                "-- robert set the topic of #lobby: the new topic ✓"]
        self.assertEqual(len(lines), len(want), lines)
        for line, text in zip(lines, want):
            self.assertEqual(self.stamped([line], text), [line],
                             (line, text))

    def test_kick_and_mode(self):
        carol = self.registered("carol")
        carol.join("#lobby")
        self.bob.send_line("MODE #lobby +o carol")
        self.bob.send_line("KICK #lobby carol :be nice")
        self.bob.send_line("MODE #lobby +l 10")
        self.bob.drain()
        lines = self.alice.sync()
        self.assertEqual(len(lines), 4, lines)
        self.assertEqual(
            len(self.stamped(lines, "-- bob set mode +o carol on #lobby")), 1)
        self.assertEqual(len(self.stamped(
            lines, "-- carol was put out of #lobby by bob (be nice)")), 1,
            lines)
        self.assertEqual(len(self.stamped(
            lines, "-- bob set mode +l 10 on #lobby")), 1, lines)

    def test_person_kicked_is_in_no_room(self):
        self.bob.send_line("KICK #lobby alice :out")
        self.see("-- alice was put out of #lobby by bob (out)")
        self.alice.send("anyone?")
        self.assertEqual(self.alice.expect("no room"),
                         "-- You are in no room: /join one to talk.")
        self.alice.send("/join #lobby")
        self.see("-- alice joined #lobby")
        self.alice.send("back")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["#lobby", "back"])

    def test_private_messages_both_ways(self):
        self.alice.send("/msg bob just between us")
        self.assertEqual(self.alice.expect("->"), "-> *bob* just between us")
        m = self.bob.expect("PRIVMSG")
        self.assertEqual((m.nick, m.params),
                         ("alice", ["bob", "just between us"]))
        self.bob.privmsg("alice", "ok")
        self.see("*bob* ok")
        # To a room one is not in (+n): refused, in words.
        carol = self.registered("carol")
        carol.join("#secret")
        self.alice.send("/msg #secret hello")
        line = self.alice.expect(re.compile(r"^-- #secret: "))
        self.assertIn("annot send", line)
        self.assertEqual([m for m in carol.drain() if m.command == "PRIVMSG"],
                         [])

    def test_tagmsg_and_away_are_not_shown(self):
        carol = self.connect(name="carol")
        carol.send_line("CAP REQ :message-tags away-notify")
        carol.expect("CAP")
        carol.send_line("CAP END")
        carol.register("carol")
        carol.join("#lobby")
        self.alice.expect(re.compile(STAMP + "-- carol joined"))
        carol.send_line("@+typing=active TAGMSG #lobby")
        carol.send_line("AWAY :gone fishing")
        carol.send_line("AWAY")
        carol.drain()
        self.assertEqual(self.alice.sync(), [])


class Commands(PlainTestCase):

    def setUp(self):
        super().setUp()
        self.bob = self.registered("bob")
        self.bob.join("#lobby")
        self.alice = self.person("alice")
        self.bob.expect("JOIN")
        self.bob.drain()

    def bob_privmsgs(self):
        return [m.params for m in self.bob.drain() if m.command == "PRIVMSG"]

    def test_help_lists_every_command(self):
        self.alice.send("/help")
        lines = self.alice.sync()
        text = "\n".join(lines)
        for cmd in ("/nick", "/join", "/part", "/msg", "/me", "/who",
                    "/rooms", "/list", "/topic", "/away", "/help", "/quit",
                    "//text"):
            self.assertRegex(text, r"(^|\s)%s(\s|$)" % re.escape(cmd), text)
        self.assertTrue(all(l.startswith("--") for l in lines), lines)
        self.assertEqual(self.bob_privmsgs(), [])
        # Commands are case-insensitive.
        self.alice.send("/HELP")
        self.assertEqual(self.alice.sync(), lines)

    def test_nick(self):
        self.alice.send("/nick alicia")
        self.alice.expect(re.compile(STAMP + "-- alice is now known as "
                                     "alicia$"))
        m = self.bob.expect("NICK")
        self.assertEqual((m.nick, m.params), ("alice", ["alicia"]))
        self.alice.send("/nick bob")
        self.assertEqual(self.alice.expect("taken"), "Sorry, bob is taken.")
        self.alice.send("/nick 9lives")
        self.assertIn("cannot be a nickname", self.alice.expect("Sorry"))
        self.alice.send("/nick")
        self.assertEqual(self.alice.expect("Usage"), "-- Usage: /nick NAME")
        self.alice.send("/nick 艾丽丝")
        self.alice.expect("is now known as 艾丽丝")
        self.alice.send("after")
        m = self.bob.expect("PRIVMSG")
        self.assertEqual(m.nick, "艾丽丝")

    def test_join_switches_rooms(self):
        carol = self.registered("carol")
        carol.join("#dev")
        carol.send_line("TOPIC #dev :dev talk")
        carol.drain()
        self.alice.send("/join #dev")
        lines = self.alice.lines_until(re.compile("^-- In #dev: "))
        self.assertEqual(lines[-1], "-- In #dev: @carol alice")
        self.assertIn("-- The topic of #dev is: dev talk", lines)
        self.assertTrue(re.match(STAMP + "-- alice joined #dev$", lines[0]),
                        lines)
        # The old room is left: IRC users there see a PART.
        m = self.bob.expect("PART")
        self.assertEqual((m.nick, m.params[0]), ("alice", "#lobby"))
        rest = self.alice.sync()
        self.assertEqual(len([l for l in rest if re.match(
            STAMP + r"-- alice left #lobby \(Moved to another room\)$", l)]),
            1, rest)
        # Lines now go to #dev, and #lobby's talk is not shown.
        self.alice.send("in dev now")
        self.assertEqual(carol.expect("PRIVMSG").params,
                         ["#dev", "in dev now"])
        self.bob.privmsg("#lobby", "lobby talk")
        self.bob.drain()
        self.assertEqual(self.alice.sync(), [])
        self.assertEqual(self.bob_privmsgs(), [])
        # Joining the room one is in says so.
        self.alice.send("/join #DEV")
        self.assertEqual(self.alice.expect("already"),
                         "-- You are already in #dev.")
        # The # may be left out.
        self.alice.send("/join lobby")
        self.alice.expect(re.compile(STAMP + "-- alice joined #lobby$"))
        m = carol.expect("PART")
        self.assertEqual(m.nick, "alice")
        self.alice.send("/join")
        self.assertEqual(self.alice.expect("Usage"), "-- Usage: /join #room")

    def test_join_one_room_at_a_time(self):
        # A plain user is in one room at a time: a list is refused.
        self.alice.send("/join #a,#b")
        self.alice.sync()
        self.bob.send_line("WHOIS alice")
        whois = self.bob.lines_until("318")
        rooms = [m.text.split() for m in whois if m.command == "319"]
        self.assertEqual(len(rooms), 1, whois)
        self.assertEqual(len(rooms[0]), 1, "alice is in %r" % rooms[0])

    def test_part(self):
        self.alice.send("/part gone for now")
        self.assertEqual(self.alice.expect("You left"),
                         "-- You left #lobby; /join another room to talk.")
        m = self.bob.expect("PART")
        self.assertEqual(m.params, ["#lobby", "gone for now"])
        self.alice.sync()
        for line, answer in (("hello?", "-- You are in no room: /join one "
                              "to talk."),
                             ("/me waves", "-- You are in no room: /join "
                              "one."),
                             ("/topic", "-- You are in no room: /join one."),
                             ("/who", "-- You are in no room: /join one."),
                             ("/part", "-- You are in no room.")):
            self.alice.send(line)
            self.assertEqual(self.alice.sync(), [answer], line)
        self.assertEqual(self.bob_privmsgs(), [])
        # Private messages still work.
        self.alice.send("/msg bob still here")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["bob", "still here"])

    def test_msg(self):
        self.alice.send("/msg bob hi there")
        self.assertEqual(self.alice.expect("->"), "-> *bob* hi there")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["bob", "hi there"])
        self.alice.send("/msg nobody hi")
        self.assertEqual(self.alice.expect(re.compile("^-- nobody")),
                         "-- nobody: No such nick/channel")
        self.alice.send("/msg bob")
        self.assertEqual(self.alice.expect("Usage"),
                         "-- Usage: /msg NICK text")
        # An away IRC user: the person is told.
        self.bob.send_line("AWAY :at lunch")
        self.bob.drain()
        self.alice.send("/msg bob ping?")
        self.assertEqual(self.alice.expect("away"),
                         "-- bob is away: at lunch")

    def test_me(self):
        self.alice.send("/me dances ✓")
        m = self.bob.expect("PRIVMSG")
        self.assertEqual(m.params, ["#lobby", "\x01ACTION dances ✓\x01"])
        self.alice.send("/me")
        self.assertEqual(self.alice.expect("Usage"),
                         "-- Usage: /me does something")

    def test_slash_slash_sends_a_slash(self):
        self.alice.send("//shrug")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["#lobby", "/shrug"])
        self.alice.send("// spaced")
        self.assertEqual(self.bob.expect("PRIVMSG").params,
                         ["#lobby", "/ spaced"])

    def test_unknown_command_is_explained_not_sent(self):
        self.alice.send("/frobnicate the thing")
        self.assertEqual(self.alice.expect("frobnicate"),
                         "-- There is no /frobnicate command; /help lists "
                         "them.")
        self.alice.send("/\x1b[2J")
        self.assertIn("^[[2J", self.alice.expect("There is no"))
        self.alice.sync()
        self.assertEqual(self.bob_privmsgs(), [])
        self.assert_safe(self.alice)

    def test_who(self):
        carol = self.registered("carol")
        carol.join("#lobby")
        carol.send_line("AWAY :brb")
        carol.drain()
        self.alice.send("/who")
        self.assertEqual(self.alice.expect(re.compile("^-- In #lobby")),
                         "-- In #lobby: bob (runs the room), alice, "
                         "carol (away)")

    def test_rooms_and_list(self):
        carol = self.registered("carol")
        carol.join("#dev")
        carol.send_line("TOPIC #dev :all about code")
        carol.drain()
        for cmd in ("/rooms", "/list"):
            self.alice.send(cmd)
            lines = self.alice.sync()
            self.assertEqual(lines[0], "-- Rooms:")
            self.assertEqual(sorted(lines[1:]), [
                "--   #dev: 1 person - all about code",
                "--   #lobby: 2 people"], lines)

    def test_topic(self):
        self.alice.send("/topic")
        self.assertEqual(self.alice.expect("topic"),
                         "-- #lobby has no topic.")
        # Not a room operator.
        self.alice.send("/topic mine now")
        self.assertEqual(self.alice.expect("operator"),
                         "-- #lobby: You're not channel operator")
        self.bob.send_line("TOPIC #lobby :bob's topic")
        self.alice.expect(re.compile(STAMP + "-- bob set the topic"))
        self.alice.send("/topic")
        self.assertEqual(self.alice.expect("topic"),
                         "-- The topic of #lobby is: bob's topic")
        self.bob.send_line("MODE #lobby +o alice")
        self.alice.expect(re.compile(STAMP + "-- bob set mode"))
        self.alice.send("/topic alice's topic ✓")
        m = self.bob.expect(lambda m: m.command == "TOPIC"
                            and m.nick == "alice")
        self.assertEqual((m.nick, m.params),
                         ("alice", ["#lobby", "alice's topic ✓"]))
        self.alice.expect(re.compile(STAMP + "-- alice set the topic of "
                                     "#lobby: alice's topic ✓$"))

    def test_away(self):
        self.alice.send("/away on the phone")
        self.assertEqual(self.alice.expect("away"),
                         "-- You are marked as away.")
        self.bob.privmsg("alice", "there?")
        m = self.bob.expect("301")
        self.assertEqual(m.params[1:], ["alice", "on the phone"])
        self.alice.expect(re.compile(STAMP + r"\*bob\* there\?$"))
        self.alice.send("/away")
        self.assertEqual(self.alice.expect("back"), "-- You are back.")
        self.bob.privmsg("alice", "now?")
        self.assertEqual([m.command for m in self.bob.drain()], [])

    def test_quit(self):
        self.alice.send("/quit time for bed")
        lines = self.alice.read_until_closed()
        self.assert_no_irc_lines(lines)
        self.assertTrue(any("time for bed" in l for l in lines), lines)
        m = self.bob.expect("QUIT")
        self.assertEqual(m.nick, "alice")
        self.assertIn("time for bed", m.text)

    def test_quit_without_reason(self):
        self.alice.send("/quit")
        self.alice.read_until_closed()
        self.assertEqual(self.bob.expect("QUIT").nick, "alice")


class TerminalSafety(PlainTestCase):
    """What IRC users send reaches a plain user with no control characters:
    mIRC codes stripped, ESC as ^[, other controls as ^X, C1 as <U+0085>."""

    HOSTILE = ("\x1b[2J\x1b[H\x1b]0;pwned\x07 \x02bold\x02 \x0304,12red\x03 "
               "\x1funder\x1f \x16rev\x16 \x0fplain \u009b31m \u0085 \x7f "
               "\x08\x08 end")

    def test_escape_sequences_and_mirc_codes_neutralised(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        h = self.HOSTILE
        bob.privmsg("#lobby", h)
        bob.privmsg("#lobby", "\x01ACTION %s\x01" % h)
        bob.privmsg("alice", h)
        bob.send_line("NOTICE #lobby :" + h)
        bob.send_line("TOPIC #lobby :" + h)
        bob.send_line("AWAY :" + h)
        bob.drain()
        alice.send("/msg bob are you there")
        alice.send("/topic")
        alice.send("/rooms")
        lines = alice.sync()
        self.assert_safe(alice)
        self.assertNotIn(b"\x1b", alice.received)
        shown = [l for l in lines if "^[[2J^[[H^[]0;pwned^G" in l]
        # message, action, private, notice, topic change, 301, 332, /rooms.
        self.assertEqual(len(shown), 8, lines)
        for line in shown:
            self.assertIn("bold red under rev plain <U+009B>31m <U+0085> "
                          "^? ^H^H end", line)
        # Invalid UTF-8 from an IRC client is refused (UTF8ONLY); typed at
        # a Latin-1 terminal it goes through with U+FFFD for the bytes.
        bob.send_raw(b"PRIVMSG #lobby :caf\xe9 \xff\xfe\r\n")
        self.assertEqual(bob.expect("FAIL").params[:2],
                         ["PRIVMSG", "INVALID_UTF8"])
        alice.send_raw(b"caf\xe9 \xc3!\r\n")     # (0xff is telnet's IAC)
        m = bob.expect(lambda m: m.command == "PRIVMSG" and
                       m.text.startswith("caf"))
        self.assertEqual(m.text, "caf\ufffd \ufffd!")
        self.assertNotIn(b"\xff", alice.received)
        self.assert_safe(alice)

    def test_bidi_and_invisible_controls_neutralised(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        # RLO turns "txt.exe" round; isolates, marks, separators, BOM,
        # ZWSP: each shown as <U+XXXX>, like an escape.
        sneaky = ("file \u202eexe.txt \u2066x\u2069 \u200f "
                  "line\u2028para\u2029 \ufeffbom zw\u200bsp")
        bob.privmsg("#lobby", sneaky)
        bob.send_line("TOPIC #lobby :" + sneaky)
        bob.drain()
        lines = alice.sync()
        want = ("file <U+202E>exe.txt <U+2066>x<U+2069> <U+200F> "
                "line<U+2028>para<U+2029> <U+FEFF>bom zw<U+200B>sp")
        shown = [l for l in lines if want in l]
        self.assertEqual(len(shown), 2, lines)     # the message, the topic
        self.assert_safe(alice)
        # Emoji sequences (ZWJ, variation selector) stay as they are.
        bob.privmsg("#lobby", "\U0001f469\u200d\U0001f4bb \u2764\ufe0f")
        alice.expect("\U0001f469\u200d\U0001f4bb \u2764\ufe0f")

    def test_invisible_nick_refused(self):
        self.registered("bob")
        c = self.connect(name="spoofer")
        c.send_line("NICK bob\u200b")
        m = c.expect("432")
        self.assertEqual(m.params[1], "bob\u200b")
        alice = self.person("alice")
        alice.send("/nick bob\u200b")
        alice.expect('Sorry, "bob<U+200B>" cannot be a nickname')
        alice.send("/nick al\u202eice")
        alice.expect('Sorry, "al<U+202E>ice" cannot be a nickname')
        self.assert_safe(alice)

    def test_hostile_part_quit_kick_reasons(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        carol = self.registered("carol")
        carol.join("#lobby")
        carol.send_line("PART #lobby :\x1b[31mpart")
        carol.join("#lobby")
        bob.send_line("KICK #lobby carol :\x1b[32mkick")
        carol.expect("KICK")
        carol.join("#lobby")
        carol.send_line("QUIT :\x1b[33mquit")
        carol.read_until_closed()
        bob.drain()
        lines = alice.sync()
        self.assertEqual(len([l for l in lines if "(^[[31mpart)" in l]), 1,
                         lines)
        self.assertEqual(len([l for l in lines if "(^[[32mkick)" in l]), 1,
                         lines)
        self.assertEqual(len([l for l in lines if "^[[33mquit" in l]), 1,
                         lines)
        self.assert_safe(alice)

    def test_hostile_history_replayed_safely(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        bob.privmsg("#lobby", self.HOSTILE)
        bob.drain()
        alice = self.person("alice")
        self.assertNotIn(b"\x1b", alice.received)
        self.assert_safe(alice)
        self.assertIn(b"^[[2J", alice.received)


class TelnetInput(PlainTestCase):

    def test_iac_sequences_are_ignored(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        p = self.connect_plain()
        p.greeting()
        # What telnet's negotiation looks like, around the nickname:
        # WILL TERMINAL-TYPE, WILL NAWS, DO ECHO, SB NAWS 80x24 SE.
        p.send(b"\xff\xfb\x18\xff\xfb\x1f\xff\xfd\x01"
               b"\xff\xfa\x1f\x00\x50\x00\x18\xff\xf0alice")
        lines = p.lines_until(re.compile("^-- In #lobby"))
        self.assertIn("-- Hello alice! Type a message and press Enter; "
                      "/help lists the commands.", lines)
        # IAC NOP, IAC AYT and IAC IP (Ctrl-C) in a line are not relayed.
        p.send(b"he\xff\xf1llo\xff\xf6 there\xff\xf4")
        m = bob.expect("PRIVMSG")
        self.assertEqual(m.params, ["#lobby", "hello there"])
        # A negotiation on a line of its own sends nothing.
        p.send(b"\xff\xfe\x01\xff\xfc\x18")
        p.sync()
        self.assertEqual([m for m in bob.drain() if m.command == "PRIVMSG"],
                         [])
        self.assertNotIn(0xff, p.received)
        self.assert_safe(p)

    def test_backspace_editing(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        p = self.connect_plain()
        p.greeting()
        # Line mode sends the keys as typed, corrections included.
        p.choose_nick(b"alicf\x08e")
        self.assertEqual(bob.expect("JOIN").nick, "alice")
        p.send(b"hellp\x08o wrld\x7f\x7f\x7forld")
        self.assertEqual(bob.expect("PRIVMSG").params,
                         ["#lobby", "hello world"])
        # Over a wide character (3 bytes), whole.
        p.send("你好吗\x08!".encode())
        self.assertEqual(bob.expect("PRIVMSG").params, ["#lobby", "你好!"])
        # Backspacing everything sends nothing.
        p.send(b"oops\x7f\x7f\x7f\x7f")
        p.send(b"\x00x\x08\r")
        p.sync()
        self.assertEqual([m for m in bob.drain() if m.command == "PRIVMSG"],
                         [])


class History(PlainTestCase):

    def test_history_shown_on_entry(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        t0 = time.time()
        bob.privmsg("#lobby", "first line ✓")
        bob.privmsg("#lobby", "\x01ACTION stretches\x01")
        bob.send_line("TOPIC #lobby :history topic")
        bob.privmsg("#lobby", "last line")
        bob.drain()
        p = self.connect_plain()
        p.greeting()
        lines = p.choose_nick("alice")
        start = lines.index("-- Earlier in #lobby:")
        end = lines.index("-- (that was before you came)")
        # Who is there comes first, then the history.
        names = [i for i, l in enumerate(lines) if l.startswith("-- In #lobby")]
        self.assertEqual(len(names), 1, lines)
        self.assertLess(names[0], start, lines)
        stamps = minutes_between(t0, time.time())
        got = []
        for line in lines[start + 1:end]:
            m = re.match("(%s)(.*)$" % STAMP, line)
            self.assertIsNotNone(m, line)
            self.assertIn(m.group(1), stamps, line)
            got.append(m.group(2))
        self.assertEqual(got, ["<bob> first line ✓", "* bob stretches",
                               "-- bob set the topic of #lobby: history topic",
                               "<bob> last line"])
        self.assertIn("-- The topic of #lobby is: history topic", lines)
        # What is said after comes once, live.
        bob.privmsg("#lobby", "live line")
        bob.drain()
        after = p.sync()
        self.assertEqual(len(after), 1, after)
        self.assertRegex(after[0], "^%s<bob> live line$" % STAMP)

    def test_no_history_no_block(self):
        self.registered("bob").join("#lobby")
        p = self.connect_plain()
        p.greeting()
        lines = p.choose_nick("alice")
        self.assertNotIn("-- Earlier in #lobby:", lines)


class Limits(PlainTestCase):

    def test_overlong_line_refused_readably(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        bob.expect("JOIN")
        alice.send("x" * 600)
        line = alice.expect("Not sent")
        m = re.match(r"^-- Not sent: that line is 600 bytes, and (\d+) fit "
                     r"in one message\. Say it in shorter lines\.$", line)
        self.assertIsNotNone(m, line)
        budget = int(m.group(1))
        # The budget is what relays whole: exactly that much goes through.
        alice.send("y" * budget)
        got = bob.expect("PRIVMSG")
        self.assertEqual(got.params, ["#lobby", "y" * budget])
        self.assertLessEqual(len(got.raw) + 2, 512)
        alice.send("z" * (budget + 1))
        self.assertIn("%d bytes" % (budget + 1), alice.expect("Not sent"))
        # Far past any line limit: refused in words, and the door goes on.
        alice.send("w" * 20000)
        line = alice.expect(re.compile("too long|Not sent"))
        self.assertTrue(line.startswith("-- "), line)
        self.assert_no_irc_lines([line])
        alice.send("short again")
        self.assertEqual(bob.expect("PRIVMSG").params,
                         ["#lobby", "short again"])
        self.assertEqual([m for m in bob.drain() if m.command == "PRIVMSG"],
                         [])

    def test_long_multibyte_line(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        alice.send("字" * 300)   # 900 bytes
        self.assertIn("900 bytes", alice.expect("Not sent"))
        alice.send("字" * 100)
        self.assertEqual(bob.expect("PRIVMSG").params, ["#lobby", "字" * 100])


class PlainWaitZero(NatterdTestCase):
    server_args = ("--plain-wait", "0", "--ping-timeout", "2")

    def test_door_closed(self):
        p = Plain(self.server.port)
        self.addCleanup(p.close)
        # Silence is not greeted; the registration timeout closes it, IRC
        # style.
        lines = p.read_until_closed(timeout=8)
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("ERROR :Closing link:"), lines)
        self.assertIn("Registration timed out", lines[0])

    def test_lower_case_line_is_irc(self):
        c = self.connect(name="typist")
        c.send_line("hello")
        m = c.expect(lambda m: m.command.isdigit())
        self.assertIn(m.command, ("421", "451"), m)
        for line in c.history:
            self.assertNotIn(b"Choose a nickname", line)


class DefaultRoom(PlainTestCase):
    server_args = ("--plain-wait", str(WAIT_MS), "--default-room", "#welcome")

    def test_person_lands_in_default_room(self):
        bob = self.registered("bob")
        bob.join("#welcome")
        bob.join("#lobby")
        alice = self.person("alice")
        join = bob.expect("JOIN")
        self.assertEqual((join.nick, join.params), ("alice", ["#welcome"]))
        alice.send("hi")
        self.assertEqual(bob.expect("PRIVMSG").params, ["#welcome", "hi"])
        alice.send("/who")
        self.assertEqual(alice.expect("In #"),
                         "-- In #welcome: bob (runs the room), alice")


class Keepalive(PlainTestCase):
    server_args = ("--plain-wait", str(WAIT_MS), "--ping-interval", "1",
                   "--ping-timeout", "1")

    def test_quiet_reader_is_not_pinged_or_dropped(self):
        alice = self.person("alice")
        # An IRC client idle as long is PINGed and dropped: the timers run.
        idle = self.registered("idler")
        start = time.monotonic()
        self.assertEqual(idle.expect("PING", timeout=5).command, "PING")
        idle.read_until_closed(timeout=6)
        # Meanwhile the person, reading quietly, saw no PING and stayed.
        remaining = 4.5 - (time.monotonic() - start)
        lines = alice.quiet(max(0.5, remaining))
        self.assertFalse(alice.eof, lines)
        self.assertNotIn(b"PING", alice.received)
        self.assertEqual([l for l in lines if "idler" not in l], [], lines)
        alice.send("/who")
        self.assertEqual(alice.expect("In #"),
                         "-- In #lobby: alice (runs the room)")


class Flood(PlainTestCase):
    server_args = ("--plain-wait", str(WAIT_MS), "--flood-rate", "20",
                   "--flood-excess", "2")

    def test_flooding_person_is_disconnected(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        alice = self.person("alice")
        bob.drain()
        alice.sock.settimeout(3)
        deadline = time.monotonic() + 15
        for i in range(20000):
            try:
                alice.send("flood %d" % i)
            except OSError:
                break
            if time.monotonic() > deadline:
                break
        m = bob.expect(lambda m: m.command == "QUIT" and m.nick == "alice",
                       timeout=15)
        self.assertIn("Excess Flood", m.text)
        lines = alice.read_until_closed(10)
        # The farewell, if it arrived, is in words.
        self.assert_no_irc_lines(lines)



class SendQ(PlainTestCase):
    # The flood measures the ring and SendQ, not the flood throttle.
    server_args = ("--plain-wait", str(WAIT_MS), "--flood-rate", "0")

    def test_person_who_stops_reading_is_dropped_in_words(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        # A small receive window, as in test_robustness (above the MSS).
        stuck = self.connect_plain(rcvbuf=128 * 1024)
        stuck.greeting()
        stuck.choose_nick("stuck")
        bob.expect("JOIN")
        # bob talks (and reads his own socket now and then) until natterd
        # drops the person who reads nothing.
        text = "x" * 400
        quit_msg = None
        bob.sock.settimeout(10)
        deadline = time.monotonic() + 30
        sent = 0
        while quit_msg is None and sent < 120000:
            self.assertLess(time.monotonic(), deadline,
                            "stuck person not dropped after %d lines" % sent)
            bob.send_raw(b"".join(b"PRIVMSG #lobby :%d %s\r\n"
                                  % (sent + i, text.encode())
                                  for i in range(500)))
            sent += 500
            for m in bob.drain(10):
                if m.command == "QUIT" and m.nick == "stuck":
                    quit_msg = m
        if quit_msg is None:
            # The writer notices the lap at its next send timeout (a
            # second): a fast flood may be over by then.
            quit_msg = bob.expect(lambda m: m.command == "QUIT" and
                                  m.nick == "stuck", timeout=10)
        self.assertIn("SendQ exceeded", quit_msg.text)
        # The person reads what was buffered, then the end; whatever natterd
        # said last is in words, never an IRC "ERROR :" line.
        lines = stuck.read_until_closed(15)
        self.assert_no_irc_lines(lines[-5:])
        self.assertNotIn(b"ERROR :", stuck.received)


class Shutdown(PlainTestCase):

    def test_person_told_in_words(self):
        alice = self.person("alice")
        self.server.stop()
        lines = alice.read_until_closed(5)
        self.assertEqual(lines, ["-- Server shutting down"])


if __name__ == "__main__":
    main()
