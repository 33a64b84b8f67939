"""natter, the curses client, driven in a private detached tmux server
against a real natterd on loopback, with a scripted IRC peer.

What the user sees is read back with capture-pane; keys go in with
send-keys.  Every wait has a deadline.  The tmux server and natterd are
always taken down, also on failure.

Skips (exit 77) when tmux is not installed.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from natterd_harness import (Natterd, NatterdTestCase, natterd_path, slowdown,
                             unique)
from tmux_driver import TMUX, TmuxServer

# Bounds for natter to connect and for one step to show up; generous, as
# the tests also run beside "make check -j" on a busy machine, and twice
# that for a sanitizer build (natter is built as natterd is).
CONNECT_TIMEOUT = 15.0 * min(slowdown(), 2)
STEP_TIMEOUT = 8.0 * min(slowdown(), 2)
WIDTH, HEIGHT = 100, 30
NICK = "tester"
ROOM = "#lobby"

TMUX_CONFIG = """\
set -g remain-on-exit on
set -g status off
set -g escape-time 0
"""


# Run argv[1:] in the foreground as a job of its own, like a shell with job
# control; wait for it to end (not merely stop) and pass its status on.
JOB_CONTROL = """
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)
    os.execv(sys.argv[1], sys.argv[1:])
status = os.waitpid(pid, 0)[1]
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
os.tcsetpgrp(0, os.getpgrp())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def natter_path():
    """The natter binary: NATTER, else next to natterd in the build tree."""
    path = os.environ.get("NATTER")
    if path:
        return os.path.abspath(path)
    top = os.path.dirname(os.path.dirname(natterd_path()))
    return os.path.join(top, "client", "natter")


def require_natter():
    """Exit 77 (skip) without tmux, 99 without the natter binary: what
    every test of natter in tmux checks before it starts."""
    if not TMUX:
        print("SKIP: tmux is not installed")
        sys.exit(77)
    if not os.access(natter_path(), os.X_OK):
        sys.stderr.write("natter binary not found: %s\n" % natter_path())
        sys.exit(99)


class NatterTmux(TmuxServer, NatterdTestCase):
    """A natterd per test, and natter in a tmux pane of WIDTH x HEIGHT;
    the helpers, without tests (test_natter_ngircd.py uses them too)."""

    # False: the test brings its own server (and sets self.port).
    start_natterd = True

    def setUp(self):
        if self.start_natterd:
            super().setUp()
            self.port = self.server.port
        else:
            self.clients = []
        self.home = tempfile.mkdtemp(prefix="natter-ui-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.tmux_start(self.home, TMUX_CONFIG, "natter-ui")

    # --- tmux ---------------------------------------------------------------

    def start_natter(self, *args, port=None, job_control=False,
                     host="127.0.0.1"):
        """Run natter (then report its exit status) in a new tmux session;
        host None gives it no HOST (it looks for one on the LAN).
        With job_control, natter runs in a process group of its own in the
        foreground, as an interactive shell would start it, so that C-z
        stops it (a stop signal to an orphaned process group, which natter
        is in under "sh -c", is discarded)."""
        argv = [natter_path(), "-n", NICK, "-p",
                str(port or self.port)] + list(args) + \
            ([host] if host is not None else [])
        if job_control:
            argv = [sys.executable, "-c", JOB_CONTROL] + argv
        # After natter, the shell says how it exited and whether the
        # terminal's modes are back as they were.
        cmd = ("s=$(stty -g); TERM=xterm-256color %s; echo natter-exited-$?; "
               "[ \"$(stty -g)\" = \"$s\" ] && echo tty-restored; "
               "sleep 60" % " ".join("'%s'" % a for a in argv))
        # Right after kill-session the last session's server may still be
        # exiting and refuse a new session: try again for a while.
        for _ in range(50):
            r = self.tmux("new-session", "-d", "-s", "ui", "-x", str(WIDTH),
                          "-y", str(HEIGHT), cmd, check=False)
            if r.returncode == 0:
                return
            time.sleep(0.1)
        self.fail("tmux new-session failed: %r" % r.stderr)

    def screen(self, escapes=False):
        r = self.tmux("capture-pane", "-p", *(["-e"] if escapes else []),
                      "-t", "ui", check=False)
        return r.stdout.decode("utf-8", "replace")

    def natter_pid(self):
        """The natter process under the pane's shell."""
        # The pane's shell leads a session of its own.
        sid = self.tmux("display-message", "-p", "-t", "ui",
                        "#{pane_pid}").stdout.decode().strip()
        out = subprocess.run(["pgrep", "-s", sid, "-x", "natter"],
                             capture_output=True).stdout.split()
        self.assertTrue(out, "no natter process under the pane")
        return int(out[0])

    def rows(self):
        rows = [l.rstrip() for l in self.screen().split("\n")]
        while rows and rows[-1] == "" and len(rows) > self.height():
            rows.pop()
        return rows

    def height(self):
        r = self.tmux("display-message", "-p", "-t", "ui", "#{pane_height}",
                      check=False)
        try:
            return int(r.stdout.decode().strip())
        except ValueError:
            return HEIGHT

    def status_row(self):
        rows = self.rows()
        return rows[-2] if len(rows) >= 2 else ""

    def input_row(self):
        rows = self.rows()
        return rows[-1] if rows else ""

    def wait(self, pred, what, timeout=STEP_TIMEOUT):
        """Poll the screen until pred(screen text) holds; fail otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if pred(text):
                return text
            if time.monotonic() >= deadline:
                self.fail("%s (waited %.0fs); screen:\n%s" % (what, timeout,
                                                              text))
            time.sleep(0.05)

    def wait_text(self, text, timeout=STEP_TIMEOUT):
        return self.wait(lambda s: text in s, "no %r on screen" % text,
                         timeout)

    def resize(self, width, height, draft=None):
        """Resize the pane and wait until natter has laid itself out again:
        status line on the second last row, the input line intact."""
        draft = self.input_row() if draft is None else draft
        self.tmux("resize-window", "-t", "ui", "-x", str(width),
                  "-y", str(height))
        self.wait(lambda s: self.height() == height and
                  len(self.rows()) == height and
                  max(len(l) for l in self.rows()) <= width and
                  self.status_row().startswith(" %s " % NICK) and
                  self.input_row() == draft,
                  "natter did not redraw for %dx%d with the input line "
                  "intact" % (width, height))

    def wait_status(self, text, timeout=STEP_TIMEOUT):
        self.wait(lambda s: text in self.status_row(),
                  "status line never showed %r" % text, timeout)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "ui", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "ui", "-l", text)

    def command(self, line):
        self.type(line)
        self.keys("Enter")

    # --- a peer and a connected natter --------------------------------------

    def peer(self, nick="alice", room=ROOM):
        c = self.registered(nick)
        c.join(room)
        return c

    def natter_joined(self, peer, *args, **kw):
        """Start natter and wait until peer sees it join and it shows so."""
        self.start_natter(*args, **kw)
        peer.expect(lambda m: m.command == "JOIN" and m.nick == NICK,
                    timeout=CONNECT_TIMEOUT)
        self.wait_status("%s on 127.0.0.1" % NICK, CONNECT_TIMEOUT)
        self.wait_text("-- %s joined %s" % (NICK, ROOM))


class NatterUI(NatterTmux):
    """natter's screen and keys against natterd."""

    def test_half_typed_line_survives_burst_and_resize(self):
        alice = self.peer()
        self.natter_joined(alice)
        draft = "half typed ✓ 你好 line"
        self.type(draft)
        self.wait(lambda s: self.input_row() == draft,
                  "the typed text is not on the input line")
        for i in range(40):
            alice.privmsg(ROOM, "burst %02d of forty, just talking" % i)
        self.wait_text("burst 39 of forty")
        self.assertEqual(self.input_row(), draft, self.screen())
        # The pane follows the newest line.
        self.assertNotIn("burst 00 ", self.screen())
        self.resize(60, 20)
        self.assertIn("burst 39 of forty", self.screen())
        self.resize(WIDTH, HEIGHT)
        self.assertIn("burst 39 of forty", self.screen())
        # Enter sends it whole, and empties the input line.
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and
                         m.nick == NICK)
        self.assertEqual(m.params, [ROOM, draft])
        self.wait(lambda s: self.input_row() == "",
                  "the input line was not cleared")
        self.wait_text("<%s> %s" % (NICK, draft))
        # Shown once: echo-message does not double it.
        time.sleep(0.3)
        self.assertEqual(self.screen().count(draft), 1, self.screen())

    def test_tiny_windows(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.resize(80, 24, draft="")
        self.type("draft 你好")
        for width, height in ((20, 5), (8, 3), (3, 2), (1, 1)):
            self.tmux("resize-window", "-t", "ui", "-x", str(width),
                      "-y", str(height))
            for i in range(5):
                alice.privmsg(ROOM, "tiny %dx%d line %d 你好" % (width,
                                                             height, i))
            alice.drain()
            time.sleep(0.2)
            self.assertNotIn("natter-exited", self.screen())
        self.resize(WIDTH, HEIGHT, draft="draft 你好")
        self.wait_text("tiny 1x1 line 4 你好")
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and m.nick == NICK)
        self.assertEqual(m.params, [ROOM, "draft 你好"])

    def test_cjk_and_long_lines(self):
        alice = self.peer()
        self.natter_joined(alice)
        cjk = "你好，世界！这是一个很长的中文句子，用来检查换行是否正确。" * 3
        alice.privmsg(ROOM, cjk)
        alice.privmsg(ROOM, "end-marker")
        self.wait_text("end-marker")
        text = self.screen().replace("\n", "")
        # Wrapped rows join back to the message (continuation indent
        # aside), and no row is wider than the pane.
        flat = re.sub(r" {2,}", "", text)
        self.assertIn("你好，世界！这是一个很长的中文句子", flat, text)
        self.assertIn(cjk[-10:], flat, text)
        for row in self.rows():
            width = sum(2 if ord(ch) >= 0x1100 else 1 for ch in row)
            self.assertLessEqual(width, WIDTH, row)
        # A control sequence from the network is shown, not obeyed.
        alice.privmsg(ROOM, "evil \x1b[2J\x1b[31mred\x07 bell")
        self.wait_text("^[[2J^[[31mred^G bell")
        self.assertIn("-- %s joined" % NICK, self.screen())

    def test_windows_and_activity(self):
        alice = self.peer()
        bob = self.peer("bob", "#other")
        self.natter_joined(alice, "-j", "#lobby,#other")
        bob.expect(lambda m: m.command == "JOIN" and m.nick == NICK)
        self.wait_status("2:#lobby, 2 people")
        bob.privmsg("#other", "just chatting")
        self.wait_status("act: 3")
        self.assertNotIn("3!", self.status_row())
        bob.privmsg("#other", "%s: are you there?" % NICK)
        self.wait_status("act: 3!")
        # A private message opens window 4, marked as needing attention.
        bob.privmsg(NICK, "psst, privately")
        self.wait_status("4!")
        self.keys("M-3")
        self.wait_status("3:#other, 2 people")
        self.wait_text("are you there?")
        self.assertNotIn("act: 3", self.status_row())
        self.keys("C-n")
        self.wait_status("4:bob (private)")
        self.wait_text("psst, privately")
        self.keys("C-p")
        self.wait_status("3:#other")
        self.command("/window 1")
        self.wait_status("1:127.0.0.1 (server)")
        self.keys("M-2")
        self.wait_status("2:#lobby")
        # Messages typed go to the window on screen.
        self.keys("M-3")
        self.wait_status("3:#other")
        self.command("hello other room")
        m = bob.expect(lambda m: m.command == "PRIVMSG" and m.nick == NICK)
        self.assertEqual(m.params, ["#other", "hello other room"])

    def test_tab_completion(self):
        alice = self.peer("alicia")
        self.natter_joined(alice)
        self.type("ali")
        self.keys("Tab")
        self.wait(lambda s: self.input_row() == "alicia:",
                  "Tab did not complete the nick")
        self.type("hi")
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and m.nick == NICK)
        self.assertEqual(m.params, [ROOM, "alicia: hi"])
        # Commands complete too.
        self.type("/wh")
        self.keys("Tab")
        self.wait(lambda s: self.input_row() in ("/who", "/whois"),
                  "Tab did not complete the command")
        self.keys("C-u")
        self.wait(lambda s: self.input_row() == "", "C-u did not clear")

    def test_scrolling(self):
        alice = self.peer()
        self.natter_joined(alice)
        for i in range(60):
            alice.privmsg(ROOM, "line %02d" % i)
        self.wait_text("line 59")
        self.keys("PPage")
        self.wait_text("-- more --")
        self.assertNotIn("line 59", self.screen())
        # New lines do not move the view while scrolled up.
        before = self.rows()[:5]
        alice.privmsg(ROOM, "late arrival")
        self.wait_text("-- more (1 new) --")
        self.assertEqual(self.rows()[:5], before)
        self.keys("NPage")
        self.keys("NPage")
        self.wait_text("late arrival")
        self.wait(lambda s: "-- more" not in s, "still scrolled up")

    def test_reconnect_after_restart(self):
        alice = self.peer()
        self.natter_joined(alice, "-j", "#lobby,#second")
        port = self.server.port
        self.server.stop()
        self.wait_status("disconnected, retrying in", CONNECT_TIMEOUT)
        # Same port, new server: natter comes back and rejoins its rooms.
        server = self.start_server("-p", str(port))
        self.assertEqual(server.port, port)
        c = self.connect(server, name="watcher")
        c.register("watcher")
        c.join("#second")
        c.expect(lambda m: m.command == "JOIN" and m.nick == NICK,
                 timeout=CONNECT_TIMEOUT + 60)
        self.wait_status("%s on 127.0.0.1" % NICK, CONNECT_TIMEOUT)
        c.privmsg("#second", "welcome back")
        self.keys("M-3")
        self.wait_text("welcome back")

    def test_quit_restores_terminal(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.command("/quit gone fishing")
        m = alice.expect(lambda m: m.command == "QUIT" and m.nick == NICK)
        self.assertEqual(m.text, "Quit: gone fishing"
                         if m.text.startswith("Quit:") else "gone fishing")
        text = self.wait_text("tty-restored")
        self.assertIn("natter-exited-0", text)
        # The alternate screen is gone: no status line, no pane.
        self.assertNotIn("%s on 127.0.0.1" % NICK, text)
        self.assertNotIn("joined %s" % ROOM, text)

    def test_ctrl_c_twice_and_sigterm(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.keys("C-c")
        self.wait_text("Press Ctrl-C again to quit")
        self.keys("C-c")
        alice.expect(lambda m: m.command == "QUIT" and m.nick == NICK)
        self.wait_text("natter-exited-0")
        # SIGTERM too.
        self.tmux("kill-session", "-t", "ui")
        self.natter_joined(alice)
        os.kill(self.natter_pid(), signal.SIGTERM)
        alice.expect(lambda m: m.command == "QUIT" and m.nick == NICK)
        self.wait_text("natter-exited-0")
        self.wait_text("tty-restored")

    def test_suspend_and_continue(self):
        alice = self.peer()
        self.natter_joined(alice, job_control=True)
        self.type("still here")
        pid = self.natter_pid()
        self.keys("C-z")
        # Stopped: the terminal is the shell's again.
        self.wait(lambda s: "%s on 127.0.0.1" % NICK not in s,
                  "the screen was not given back on C-z")
        alice.privmsg(ROOM, "said while stopped")
        os.kill(pid, signal.SIGCONT)
        self.wait_status("%s on 127.0.0.1" % NICK)
        self.wait_text("said while stopped")
        self.wait(lambda s: self.input_row() == "still here",
                  "the input line did not come back")

    def test_no_color(self):
        alice = self.peer()
        self.natter_joined(alice)
        alice.privmsg(ROOM, "\x0304red\x03 and plain")
        self.wait_text("<alice> red and plain")
        # Foreground or background colours (39 and 49, the defaults, do
        # not count).
        sgr = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|"
                         r"10[0-7])[;m]")
        colors = sgr.findall(self.screen(escapes=True))
        self.assertTrue(colors, "no colour at all by default")
        self.tmux("kill-session", "-t", "ui")
        self.env["NO_COLOR"] = "1"
        self.kill_tmux()
        self.natter_joined(alice)
        alice.privmsg(ROOM, "\x0304red\x03 again")
        self.wait_text("<alice> red again")
        colors = sgr.findall(self.screen(escapes=True))
        self.assertEqual(colors, [], self.screen(escapes=True))

    def test_bracketed_paste(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.type("typed ")
        # One line: inserted at the cursor, not sent.
        self.tmux("set-buffer", "-b", "one", "pasted words")
        self.tmux("paste-buffer", "-p", "-b", "one", "-t", "ui")
        self.wait(lambda s: self.input_row() == "typed pasted words",
                  "a one-line paste was not inserted")
        # Several lines: asked for first, then each is a message, /quit
        # included; the typed text stays.
        self.tmux("set-buffer", "-b", "many", "first line\n/quit not me\n"
                  "third line ✓\n")
        self.tmux("paste-buffer", "-p", "-b", "many", "-t", "ui")
        self.wait(lambda s: self.input_row() ==
                  "Send 3 lines to %s? Enter/Esc" % ROOM,
                  "a paste of several lines was not asked for")
        self.keys("Enter")
        got = [alice.expect(lambda m: m.command == "PRIVMSG" and
                            m.nick == NICK).params for _ in range(3)]
        self.assertEqual(got, [[ROOM, "first line"], [ROOM, "/quit not me"],
                               [ROOM, "third line ✓"]])
        self.wait_text("<%s> third line ✓" % NICK)
        self.assertEqual(self.input_row(), "typed pasted words")
        self.assertNotIn("natter-exited", self.screen())

    def test_long_input_scrolls_sideways(self):
        alice = self.peer()
        self.natter_joined(alice)
        text = "".join("word%03d " % i for i in range(30)) + "end"
        self.type(text)
        self.wait(lambda s: self.input_row().endswith("end"),
                  "the end of a long line is not shown")
        self.assertLess(len(self.input_row()), WIDTH)
        self.keys("C-a")
        self.wait(lambda s: self.input_row().startswith("word000"),
                  "C-a did not bring the start back")
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and m.nick == NICK)
        self.assertEqual(m.params, [ROOM, text])

    def test_history_replay(self):
        alice = self.peer()
        tok = unique("h")
        alice.privmsg(ROOM, "before you came %s" % tok)
        alice.privmsg(ROOM, "\x01ACTION waves %s\x01" % tok)
        alice.drain()
        self.natter_joined(alice)
        # natter asks for batch and server-time: the history comes as a
        # chathistory batch and is shown as ordinary past lines.
        self.wait_text("<alice> before you came %s" % tok)
        self.wait_text("* alice waves %s" % tok)
        self.assertNotIn("earlier message", self.screen())


if __name__ == "__main__":
    require_natter()
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)
