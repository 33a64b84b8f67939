"""natterd with a real IRC client: irssi, run inside a private tmux server,
joins a room, talks to a scripted client and hears it back, then quits.

Also checked with irssi: what a room owner types (/mode +i, /invite,
/voice, /kickban, /ban), the IRCv3 capabilities it negotiates (irssi 1.4
asks for multi-prefix, away-notify and server-time of natterd's list; it
has no batch, echo-message or message-tags), and the room history replayed
when it joins, which for a client without batch is natterd's NOTICE block.
What irssi received is read back from its rawlog ("/rawlog save FILE", the
last 200 lines both ways), what it shows from the tmux pane.

Skips (exit 77) when irssi or tmux is not installed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from natterd_harness import (NatterdTestCase, natterd_path, offered_caps,
                             parse_line, unique)
from tmux_driver import TMUX, TmuxServer

IRSSI = shutil.which("irssi")
ROOM = "#interop"
IRSSI_NICK = "irssiuser"
# The capabilities of natterd's list that irssi 1.4 asks for when offered
# (seen on the wire: "CAP REQ :multi-prefix away-notify server-time").
IRSSI_KNOWN_CAPS = {"multi-prefix", "away-notify", "server-time"}
# Bounds for irssi to connect and register, and for one step to show up;
# generous, as the tests also run beside "make check -j" on a busy machine.
CONNECT_TIMEOUT = 20.0
STEP_TIMEOUT = 10.0

IRSSI_CONFIG = """\
servers = ( );
chatnets = { };
channels = ( );
settings = {
  core = {
    real_name = "irssi interop";
    user_name = "irssiuser";
    nick = "irssiuser";
    settings_autosave = "no";
    awaylog_file = "";
  };
  "fe-common/core" = {
    autolog = "no";
    beep_msg_level = "";
  };
  "irc/core" = {
    ctcp_version_reply = "";
    skip_motd = "no";
    # irssi's own flood control would space our commands 2.2 s apart.
    cmd_queue_speed = "10msec";
    cmds_max_at_once = "50";
  };
  # Keys tmux delivers in one burst on a busy machine are not a paste
  # (pasted lines are sent as text, never run as commands).
  "fe-text" = { paste_detect_time = "0"; };
};
"""
# Every setting above must be one irssi knows: for an unknown one it asks
# "Remove unknown settings from config file (Y/n)?", and that prompt eats
# the next keys the test types.

TMUX_CONFIG = """\
set -g default-terminal screen
set -g remain-on-exit on
set -g history-limit 5000
set -g status off
"""


class Irssi(TmuxServer, NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="natter-irssi-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.irssi_home = os.path.join(self.home, "irssi")
        os.mkdir(self.irssi_home)
        with open(os.path.join(self.irssi_home, "config"), "w") as f:
            f.write(IRSSI_CONFIG)
        self.tmux_start(self.home, TMUX_CONFIG, "natter-test", term="screen")

    def screen(self):
        r = self.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t",
                      "interop", check=False)
        return r.stdout.decode("utf-8", "replace")

    def wait_screen(self, text, timeout=8.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.2)
        return False

    def type(self, text):
        self.tmux("send-keys", "-t", "interop", "-l", text)
        self.tmux("send-keys", "-t", "interop", "Enter")

    def fail_with_screen(self, why):
        screen = self.screen()
        # The status window too, where irssi puts errors and server notices.
        status = ""
        try:
            self.type("/window 1")
            time.sleep(0.5)
            status = self.screen()
        except (subprocess.SubprocessError, OSError):
            pass
        self.fail("%s\n--- irssi screen ---\n%s\n--- status window ---\n"
                  "%s\n---" % (why, screen, status))

    def irssi_port(self):
        return self.server.port

    # --- irssi's life ------------------------------------------------------

    def start_irssi(self):
        """Start irssi against natterd and wait until it has registered (its
        status window, the active one until it joins, shows the 001)."""
        cmd = "%s --home=%s -c 127.0.0.1 -p %d -n %s" % (
            IRSSI, self.irssi_home, self.irssi_port(), IRSSI_NICK)
        # Wide enough that irssi does not wrap the line listing every
        # capability natterd offers (test_capabilities reads it whole).
        self.tmux("new-session", "-d", "-s", "interop", "-x", "400",
                  "-y", "50", cmd)
        # irssi says "Connection to ... established" once connected, then
        # shows the welcome.
        if not self.wait_screen("established", CONNECT_TIMEOUT):
            self.fail_with_screen("irssi did not connect")
        if "Unknown settings" in self.screen():
            self.fail_with_screen("irssi does not know a setting of "
                                  "IRSSI_CONFIG (and would prompt)")
        if not self.wait_screen("Welcome to the", CONNECT_TIMEOUT):
            self.fail_with_screen("irssi did not register")

    def join_irssi(self, scripted):
        """Have irssi join ROOM; return its JOIN as the scripted client (in
        the room) saw it.  The /join is retried in case irssi was not ready;
        natterd ignores a JOIN to a room one is already in."""
        join = None
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while join is None and time.monotonic() < deadline:
            self.type("/join " + ROOM)
            try:
                join = scripted.expect(
                    lambda m: m.command == "JOIN" and m.nick == IRSSI_NICK,
                    timeout=4)
            except AssertionError:
                join = None
        if join is None:
            self.fail_with_screen("irssi never joined %s" % ROOM)
        if not self.wait_screen("Total of", STEP_TIMEOUT):
            self.fail_with_screen("irssi did not show the room's names")
        return join

    def rawlog(self):
        """What irssi sent ("<<") and received (">>") lately, as
        (direction, Message), saved with /rawlog save."""
        path = os.path.join(self.home, "rawlog-%s" % unique("r"))
        self.type("/rawlog save " + path)
        deadline = time.monotonic() + STEP_TIMEOUT
        while not (os.path.exists(path) and os.path.getsize(path) > 0):
            if time.monotonic() >= deadline:
                self.fail_with_screen("irssi did not save its rawlog")
            time.sleep(0.1)
        time.sleep(0.2)  # in case it was still being written
        out = []
        with open(path, "rb") as f:
            for raw in f.read().splitlines():
                if raw[:3] in (b"<< ", b">> "):
                    out.append((raw[:2].decode(), parse_line(raw[3:])))
        return out

    def screen_lines(self):
        return [l.rstrip() for l in self.screen().splitlines()]

    def settle(self, scripted):
        """Have the scripted client say a marker and wait until irssi shows
        it: natterd delivers in order, so whatever it sent irssi before is
        on the screen by then."""
        marker = unique("marker")
        scripted.privmsg(ROOM, marker)
        if not self.wait_screen(marker, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed the marker %s" % marker)

    # --- the tests ----------------------------------------------------------

    def test_capabilities(self):
        offered = offered_caps(self.server)
        self.start_irssi()
        # irssi's status window reports the negotiation.
        if not self.wait_screen("Capabilities acknowledged", STEP_TIMEOUT):
            self.fail_with_screen("irssi shows no acknowledged capabilities")
        shown = {}
        for line in self.screen_lines():
            m = re.search(r"-!- Capabilities (\w+): (.*)$", line)
            if m:
                shown[m.group(1)] = set(m.group(2).split())
        self.assertEqual(shown.get("supported"), offered, shown)
        # It asks for what it knows of the offer (a later irssi may know
        # more), and natterd acknowledges the whole request.
        requested = shown.get("requested")
        self.assertIsNotNone(requested, shown)
        self.assertLessEqual(requested, offered, shown)
        self.assertLessEqual(offered & IRSSI_KNOWN_CAPS, requested, shown)
        self.assertEqual(shown.get("acknowledged"), requested, shown)
        self.assertNotIn("refused", shown)
        # The same on the wire: one REQ, ACKed whole, nothing NAKed, and
        # registration went on after CAP END.
        raw = self.rawlog()
        sent = [m for d, m in raw if d == "<<"]
        got = [m for d, m in raw if d == ">>"]
        reqs = [m for m in sent if m.command == "CAP"
                and m.param(0, "").upper() == "REQ"]
        self.assertEqual([set(m.text.split()) for m in reqs], [requested],
                         reqs)
        caps = [m for m in got if m.command == "CAP"]
        self.assertEqual([m.param(1) for m in caps], ["LS", "ACK"], caps)
        self.assertEqual(set(caps[1].text.split()), requested, caps)
        self.assertIn("END", [m.param(0, "").upper() for m in sent
                              if m.command == "CAP"], sent)
        # The welcome came after the ACK.
        commands = [m.command for m in got]
        self.assertIn("001", commands, got)
        self.assertLess(got.index(caps[1]), commands.index("001"), got)

    def test_history_replay(self):
        # Before irssi comes, the room hears three lines and gets a topic.
        scripted = self.registered("scripted")
        scripted.join(ROOM)
        tok = unique("h")
        first = "first %s ünïcødé ✓ 你好" % tok
        action = "waves at everyone %s ✓" % tok
        third = "third %s: done" % tok
        topic = "history topic %s ✓" % tok
        t0 = time.time()
        scripted.privmsg(ROOM, first)
        scripted.privmsg(ROOM, "\x01ACTION %s\x01" % action)
        scripted.privmsg(ROOM, third)
        scripted.send_line("TOPIC %s :%s" % (ROOM, topic))
        scripted.expect("TOPIC")
        scripted.drain()
        t1 = time.time()

        self.start_irssi()
        self.join_irssi(scripted)
        end = "-- end of earlier messages --"
        if not self.wait_screen(end, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed the end of the history")
        # irssi has no batch: the history is natterd's NOTICE block, which
        # irssi shows as server notices ("!server text") in the room's
        # window, in order, each line with its original time (natterd's
        # local time, to the minute) and the nick.
        minutes = {time.strftime("%Y-%m-%d %H:%M", time.localtime(t))
                   for t in range(int(t0), int(t1) + 2)}
        server = re.escape(scripted.server_name)
        stamp = r"\[(\d{4}-\d\d-\d\d \d\d:\d\d)\] "
        wanted = [
            r"-- 4 earlier messages in %s --" % re.escape(ROOM),
            stamp + re.escape("<scripted> " + first),
            stamp + re.escape("* scripted " + action),
            stamp + re.escape("<scripted> " + third),
            stamp + re.escape("-- scripted set the topic: " + topic),
            re.escape(end),
        ]
        lines = self.screen_lines()
        pos = 0
        for pattern in wanted:
            rx = re.compile(r"!%s %s$" % (server, pattern))
            hits = [i for i, l in enumerate(lines) if rx.search(l)]
            if len(hits) != 1 or hits[0] < pos:
                self.fail_with_screen("%r: expected once, after line %d; on "
                                      "lines %r" % (pattern, pos, hits))
            m = rx.search(lines[hits[0]])
            if m.groups():
                self.assertIn(m.group(1), minutes, lines[hits[0]])
            pos = hits[0]
        # The topic came with the join too, before the history.
        self.assertTrue(any(topic in l and "Topic for" in l
                            for l in lines[:pos]), lines)
        # Live lines come after it, once.
        live = "live after replay %s" % unique("l")
        scripted.privmsg(ROOM, live)
        if not self.wait_screen(live, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed %s" % live)
        self.settle(scripted)
        lines = self.screen_lines()
        hits = [i for i, l in enumerate(lines) if live in l]
        self.assertEqual(len(hits), 1, lines)
        self.assertGreater(hits[0], pos, lines)
        self.assertIn("scripted> " + live, lines[hits[0]])

    def test_irssi_interop(self):
        scripted = self.registered("scripted")
        scripted.join(ROOM)
        self.start_irssi()
        join = self.join_irssi(scripted)
        self.assertEqual(join.params[0].lower(), ROOM, join)
        self.assertEqual(join.host, "127.0.0.1", join)
        if not self.wait_screen("scripted"):
            self.fail_with_screen("irssi does not list scripted in #interop")

        # irssi -> scripted client.
        word = unique("fromirssi")
        said = "hello from irssi %s 你好" % word
        self.type(said)
        try:
            m = scripted.expect(lambda m: m.command == "PRIVMSG"
                                and word in m.text, timeout=STEP_TIMEOUT)
        except AssertionError:
            self.fail_with_screen("scripted client never got irssi's message")
        self.assertEqual(m.nick, IRSSI_NICK, m)
        self.assertEqual(m.params, [ROOM, said], m)
        # ... and an ACTION.
        acted = "dances %s ✓" % unique("a")
        self.type("/me " + acted)
        try:
            m = scripted.expect(lambda m: m.command == "PRIVMSG"
                                and acted in m.text, timeout=STEP_TIMEOUT)
        except AssertionError:
            self.fail_with_screen("scripted client never got irssi's /me")
        self.assertEqual(m.params, [ROOM, "\x01ACTION %s\x01" % acted], m)

        # scripted client -> irssi.
        word = unique("toirssi")
        scripted.privmsg(ROOM, "reply %s" % word)
        if not self.wait_screen(word, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed %s" % word)

        # irssi did not ask for echo-message: natterd does not send its
        # lines back, so each shows once.
        self.settle(scripted)
        screen = self.screen()
        self.assertEqual(screen.count(said), 1, screen)
        self.assertEqual(screen.count(acted), 1, screen)
        self.assertEqual([m for m in scripted.drain()
                          if m.nick == IRSSI_NICK], [])
        # It asked for server-time: what natterd relayed to it is stamped
        # (irssi dates its lines with the stamp), its own lines did not
        # come back.
        raw = self.rawlog()
        got = [m for d, m in raw if d == ">>"]
        reply = [m for m in got if m.command == "PRIVMSG" and word in m.text]
        self.assertEqual(len(reply), 1, got)
        self.assertRegex(reply[0].tags.get("time", ""),
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual([m for m in got if m.nick == IRSSI_NICK
                          and m.command == "PRIVMSG"], [], got)

        # A topic change shows up too.
        word = unique("topic")
        scripted.send_line("TOPIC %s :topic %s" % (ROOM, word))
        if not self.wait_screen(word, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed the topic %s" % word)

        # irssi quits cleanly; the room sees the QUIT with its reason.
        word = unique("bye")
        self.type("/quit %s" % word)
        try:
            m = scripted.expect(lambda m: m.command == "QUIT"
                                and m.nick == IRSSI_NICK, timeout=STEP_TIMEOUT)
        except AssertionError:
            self.fail_with_screen("scripted client never saw irssi quit")
        self.assertIn(word, m.text, m)
        # natterd is still healthy.
        scripted.send_line("PING after-irssi")
        self.assertEqual(scripted.expect("PONG").text, "after-irssi")

    def test_room_owner_commands(self):
        # irssi opens the room, so it runs it: /mode, /invite, /voice,
        # /ban and /kickban do what an irssi user expects of them.
        self.start_irssi()
        deadline = time.monotonic() + CONNECT_TIMEOUT
        self.type("/join " + ROOM)
        while not self.wait_screen("Total of", 4):
            if time.monotonic() >= deadline:
                self.fail_with_screen("irssi never joined %s" % ROOM)
            self.type("/join " + ROOM)
        scripted = self.registered("scripted")
        msgs = scripted.join(ROOM)
        names = [m.params[3] for m in msgs if m.command == "353"]
        self.assertEqual(names, ["@%s scripted" % IRSSI_NICK], msgs)
        victim = self.registered("victim", user="vic")
        victim.join(ROOM)
        guest = self.registered("guest", user="gus")
        if not self.wait_screen("victim", STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed victim joining")

        def mode_seen(want):
            try:
                m = scripted.expect(lambda m: m.command == "MODE",
                                    timeout=STEP_TIMEOUT)
            except AssertionError:
                self.fail_with_screen("no MODE for %r" % (want,))
            self.assertEqual(m.nick, IRSSI_NICK, m)
            return m.params

        self.type("/mode +i")
        self.assertEqual(mode_seen("+i"), [ROOM, "+i"])
        guest.send_line("JOIN " + ROOM)
        self.assertEqual(guest.expect(lambda m: m.command.isdigit()).command,
                         "473")
        self.type("/invite guest")
        m = guest.expect("INVITE", timeout=STEP_TIMEOUT)
        self.assertEqual((m.nick, m.params), (IRSSI_NICK, ["guest", ROOM]))
        self.assertIn("JOIN", [x.command for x in guest.join(ROOM)])
        if not self.wait_screen("gus@", STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed guest joining")
        self.type("/voice guest")
        self.assertEqual(mode_seen("+v"), [ROOM, "+v", "guest"])
        # /kickban: a ban on victim's address, then the kick.
        self.type("/kickban victim out you go")
        params = mode_seen("+b")
        self.assertEqual(params[:2], [ROOM, "+b"], params)
        m = victim.expect("KICK", timeout=STEP_TIMEOUT)
        self.assertEqual(m.params[:2], [ROOM, "victim"], m)
        victim.send_line("JOIN " + ROOM)
        self.assertEqual(victim.expect(lambda m: m.command.isdigit()).command,
                         "474")
        # /ban of a voiced member: still heard.
        self.type("/ban guest")
        self.assertEqual(mode_seen("+b")[:2], [ROOM, "+b"])
        word = unique("voiced")
        guest.privmsg(ROOM, word)
        if not self.wait_screen(word, STEP_TIMEOUT):
            self.fail_with_screen("irssi never showed the voiced member")
        # irssi shows the list it asks for with /ban alone.
        self.type("/ban")
        if not self.wait_screen("*!*vic@", STEP_TIMEOUT) and \
                not self.wait_screen("victim!", 1):
            self.fail_with_screen("irssi's /ban list lacks victim's ban")


class IrssiTLS(Irssi):
    """The interop test over TLS: natterd with a self-signed certificate in
    its state dir, irssi with its own TLS (a server entry with use_tls and,
    the certificate being self-signed, tls_verify off), the scripted client
    in plain text."""

    test_capabilities = None
    test_history_replay = None
    test_room_owner_commands = None

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-irssi-tls-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state)
        super().setUp()
        with open(os.path.join(self.irssi_home, "config"), "w") as f:
            f.write(IRSSI_CONFIG.replace("servers = ( );", (
                'servers = ( { address = "127.0.0.1"; chatnet = "natter"; '
                'port = "%d"; use_tls = "yes"; tls_verify = "no"; } );\n'
                'chatnets = { natter = { type = "IRC"; }; };')
                % self.server.tls_port).replace("chatnets = { };\n", "", 1))

    def irssi_port(self):
        return self.server.tls_port

    def start_irssi(self):
        """Start irssi, then check that natterd has it over TLS: WHOIS
        says so (671) to a throwaway scripted client."""
        super().start_irssi()
        watcher = self.registered("tlswatch")
        watcher.send_line("WHOIS " + IRSSI_NICK)
        whois = watcher.lines_until("318")
        self.assertIn("671", [m.command for m in whois], whois)
        watcher.send_line("QUIT")
        watcher.read_until_closed()


def main():
    if not IRSSI or not TMUX:
        print("SKIP: irssi or tmux is not installed")
        sys.exit(77)
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
