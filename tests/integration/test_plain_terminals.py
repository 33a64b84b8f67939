"""natterd's plain door with the real programs people use: `nc` (Debian's
netcat-openbsd) and `telnet` (Debian's telnet), each run in a private tmux
server, against a scripted IRC client in the same room.

The person waits for the greeting, types a nickname, sees the room's history,
chats both ways (messages, a correction with Backspace, an action, a private
message), is shown an IRC user's escape sequences harmlessly (the screen is
not cleared, the terminal title not changed), and leaves with /quit, after
which the program exits.  With telnet, Ctrl-C is pressed mid-chat too.

What the person sees is read from the tmux pane (capture-pane), polling with
deadlines.  Skips (exit 77) when tmux, or both nc and telnet, are missing.
"""

import os
import re
import shutil
import sys
import tempfile
import time
import unittest

from natterd_harness import NatterdTestCase, natterd_path, unique
from tmux_driver import TMUX, TmuxServer

# netcat-openbsd installs nc.openbsd; "nc" may be another netcat.
NC = shutil.which("nc.openbsd")
TELNET = shutil.which("telnet")
# Bounds: the greeting comes after --plain-wait (default 1 s); the rest is
# generous, as the tests also run beside "make check -j" on a busy machine.
GREETING_TIMEOUT = 15.0
STEP_TIMEOUT = 10.0

TMUX_CONFIG = """\
set -g default-terminal screen
set -g remain-on-exit on
set -g history-limit 5000
set -g status off
set -g allow-rename on
"""


class Terminal(TmuxServer, NatterdTestCase):
    """A person at a real program in tmux; subclasses say which."""

    SESSION = "plain"

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="natter-plain-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.tmux_start(self.home, TMUX_CONFIG, "natter-plain", term="screen")

    # --- tmux ---------------------------------------------------------------

    def start(self, argv):
        """Run argv (the program and its arguments) in the pane."""
        cmd = " ".join(argv)
        self.tmux("new-session", "-d", "-s", self.SESSION, "-x", "200",
                  "-y", "50", cmd)

    def screen(self, history=True):
        """The pane's text (with its scrollback when history)."""
        args = ["capture-pane", "-p", "-J", "-t", self.SESSION]
        if history:
            args += ["-S", "-500"]
        r = self.tmux(*args, check=False)
        return r.stdout.decode("utf-8", "replace")

    def pane(self, fmt):
        r = self.tmux("display-message", "-p", "-t", self.SESSION, fmt,
                      check=False)
        return r.stdout.decode("utf-8", "replace").strip()

    def wait_screen(self, text, timeout=STEP_TIMEOUT):
        """True once text (a substring or a compiled regex) is on screen."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.screen()
            if (text.search(s) if isinstance(text, re.Pattern)
                    else text in s):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)

    def type(self, text):
        """Type text literally and press Enter."""
        if text:
            self.tmux("send-keys", "-t", self.SESSION, "-l", text)
        self.tmux("send-keys", "-t", self.SESSION, "Enter")

    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.SESSION, *keys)

    def exited(self):
        return self.pane("#{pane_dead}") == "1"

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exited():
                return True
            time.sleep(0.2)
        return self.exited()

    def fail_with_screen(self, why):
        self.fail("%s\n--- screen ---\n%s\n---" % (why, self.screen()))

    def see(self, text, why=None, timeout=STEP_TIMEOUT):
        if not self.wait_screen(text, timeout):
            self.fail_with_screen(why or "never shown: %r" % (text,))

    def irc_expect(self, client, match, why):
        try:
            return client.expect(match, timeout=STEP_TIMEOUT)
        except AssertionError as e:
            self.fail_with_screen("%s: %s" % (why, e))

    # --- the scenario -------------------------------------------------------

    def argv(self):
        raise NotImplementedError

    def enter(self, nick):
        """Start the program, wait for the greeting, choose nick; return the
        scripted IRC user bob, in #lobby, who said a line before."""
        bob = self.registered("bob")
        bob.join("#lobby")
        self.before = "said before you came %s" % unique("h")
        bob.privmsg("#lobby", self.before)
        bob.drain()
        self.start(self.argv())
        self.see("Choose a nickname and press Enter:",
                 "no greeting on the screen", GREETING_TIMEOUT)
        screen = self.screen()
        self.assertIn("Welcome to natter on %s" % bob.server_name, screen)
        self.assertIn("1 person is here, in #lobby (1).", screen)
        self.assertNotRegex(screen, r"(?m)^:\S+ \d{3} ")
        self.type(nick)
        join = self.irc_expect(bob, "JOIN", "no JOIN from the person")
        self.assertEqual((join.nick, join.user, join.params),
                         (nick, "plain", ["#lobby"]), join)
        self.see("-- Hello %s!" % nick)
        self.see("-- In #lobby: @bob %s" % nick)
        # The history, after who is there.
        self.see(re.compile(r"\[\d\d:\d\d\] <bob> %s" % self.before))
        self.see("-- (that was before you came)")
        return bob

    def chat(self, bob, nick, program):
        # The person talks.
        said = "hello from %s 你好 %s" % (program, unique("w"))
        self.type(said)
        m = self.irc_expect(bob, "PRIVMSG", "bob never got the line")
        self.assertEqual((m.nick, m.params), (nick, ["#lobby", said]), m)
        # A typo corrected with Backspace.
        self.keys("-l", "hellp")
        self.keys("BSpace")
        self.type("o there")
        m = self.irc_expect(bob, "PRIVMSG", "bob never got the corrected line")
        self.assertEqual(m.params, ["#lobby", "hello there"], m)
        # An action.
        self.type("/me waves at bob")
        m = self.irc_expect(bob, "PRIVMSG", "bob never got the action")
        self.assertEqual(m.params, ["#lobby", "\x01ACTION waves at bob\x01"])

        # bob talks: the person reads it.
        word = unique("r")
        bob.privmsg("#lobby", "reply to %s ✓ %s" % (program, word))
        self.see(re.compile(r"\[\d\d:\d\d\] <bob> reply to %s ✓ %s"
                            % (program, word)))
        word = unique("a")
        bob.privmsg("#lobby", "\x01ACTION nods %s\x01" % word)
        self.see(re.compile(r"\[\d\d:\d\d\] \* bob nods %s" % word))
        word = unique("p")
        bob.privmsg(nick, "psst %s" % word)
        self.see(re.compile(r"\[\d\d:\d\d\] \*bob\* psst %s" % word))
        self.type("/msg bob private reply %s" % word)
        m = self.irc_expect(bob, "PRIVMSG", "bob never got the /msg")
        self.assertEqual(m.params, ["bob", "private reply %s" % word])

        # bob tries to clear the person's screen and retitle the terminal:
        # the sequences are shown, not obeyed.
        word = unique("esc")
        bob.privmsg("#lobby", "\x1b[2J\x1b[H\x1b]2;pwned\x07\x02%s" % word)
        self.see("<bob> ^[[2J^[[H^[]2;pwned^G%s" % word)
        visible = self.screen(history=False)
        self.assertIn("Choose a nickname and press Enter:", visible,
                      "the screen was cleared")
        self.assertNotIn("pwned", self.pane("#{pane_title}"))

    def leave(self, bob, nick):
        word = unique("bye")
        self.type("/quit bye %s" % word)
        m = self.irc_expect(bob, lambda m: m.command == "QUIT"
                            and m.nick == nick, "bob never saw the QUIT")
        self.assertIn(word, m.text)
        self.see("-- Closing link: 127.0.0.1 (Quit: bye %s)" % word)
        return word


@unittest.skipUnless(NC, "netcat-openbsd (nc.openbsd) is not installed")
class Netcat(Terminal):

    def argv(self):
        return [NC, "127.0.0.1", str(self.server.port)]

    def test_nc(self):
        bob = self.enter("ncuser")
        self.chat(bob, "ncuser", "nc")
        self.leave(bob, "ncuser")
        # OpenBSD nc keeps reading the keyboard after the server closed the
        # connection; it exits at the next line typed (its write fails).
        if not self.wait_exit(3):
            self.type("")
        if not self.wait_exit(STEP_TIMEOUT):
            self.fail_with_screen("nc did not exit after /quit")


@unittest.skipUnless(TELNET, "telnet is not installed")
class Telnet(Terminal):

    def argv(self):
        return [TELNET, "127.0.0.1", str(self.server.port)]

    def test_telnet(self):
        bob = self.enter("telnetuser")
        self.see("Connected to 127.0.0.1.")
        self.chat(bob, "telnetuser", "telnet")
        self.leave(bob, "telnetuser")
        self.see("Connection closed by foreign host.")
        if not self.wait_exit(STEP_TIMEOUT):
            self.fail_with_screen("telnet did not exit after /quit")

    def test_telnet_ctrl_c(self):
        # Ctrl-C in telnet sends IAC IP IAC DO TIMING-MARK, and telnet
        # shows nothing more until the server answers the timing mark:
        # natterd does (WILL TM), so the person keeps reading.
        bob = self.enter("telnetuser")
        self.keys("-l", "oops")
        self.keys("C-c")
        self.type("still here")
        m = self.irc_expect(bob, "PRIVMSG", "bob never got the line after "
                            "Ctrl-C")
        # The interrupt and the negotiation are not relayed.
        self.assertEqual(m.params, ["#lobby", "still here"], m)
        word = unique("after")
        bob.privmsg("#lobby", "can you see this %s" % word)
        self.see("<bob> can you see this %s" % word,
                 "the person sees nothing after Ctrl-C")
        self.leave(bob, "telnetuser")


def main():
    if not TMUX or not (NC or TELNET):
        print("SKIP: tmux, or both nc.openbsd and telnet, are not installed")
        sys.exit(77)
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
