"""natterd with a real IRC client: WeeChat, run headless (weechat-headless)
in a private home directory, joins a room, talks to a scripted client and
hears it back, follows topic and nick changes, then quits.

WeeChat is driven through its FIFO plugin (lines such as
"irc.natter.#interop *hello" written to the pipe in its home directory) and
read back through its logger plugin (one log file per buffer, flushed at
once).  Only the irc, logger and fifo plugins are loaded, no scripts, and the
only server it knows is natterd on loopback.

Skips (exit 77) when weechat-headless, or its fifo plugin (Debian's
weechat-plugins), is not installed.
"""

import errno
import glob
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import natterd_harness
from natterd_harness import NatterdTestCase, natterd_path, unique

WEECHAT = shutil.which("weechat-headless")
# Only these plugins: no scripts, relay, spell, xfer or exec.
PLUGINS = "irc,logger,fifo"
ROOM = "#interop"
# WeeChat's full name of the room's buffer.
ROOM_BUFFER = "irc.natter." + ROOM
WEE_NICK = "weeuser"
# How long WeeChat may take to connect, register and join.
JOIN_TIMEOUT = 10.0
# How long one message, topic or nick change may take to show up.
STEP_TIMEOUT = 5.0
# How long WeeChat may take to exit after /quit or SIGTERM.
EXIT_TIMEOUT = 5.0


def weechat_env(home):
    """WeeChat's environment: a private HOME, UTF-8, nothing inherited
    that points at a real WeeChat setup."""
    env = dict(os.environ)
    for var in ("WEECHAT_HOME", "WEECHAT_PASSPHRASE", "TMUX", "DISPLAY"):
        env.pop(var, None)
    env["HOME"] = home
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    env["TERM"] = "dumb"
    return env


def weechat_major():
    """WeeChat's major version (3 for 3.8), 0 if it cannot be told."""
    try:
        out = subprocess.run([WEECHAT, "--version"], capture_output=True,
                             stdin=subprocess.DEVNULL, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return 0
    m = re.match(rb"\s*(\d+)\.", out)
    return int(m.group(1)) if m else 0


def probe_plugins():
    """The plugins weechat-headless loads from PLUGINS, by a run that quits
    at once; None if the probe failed."""
    home = tempfile.mkdtemp(prefix="natter-weechat-probe-")
    try:
        subprocess.run([WEECHAT, "--dir", os.path.join(home, "wc"), "-a",
                        "-s", "-P", PLUGINS, "-r", "/quit"],
                       env=weechat_env(home), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=20)
        path = os.path.join(home, "wc", "logs", "core.weechat.weechatlog")
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r"Plugins loaded: (.*)", line)
                if m:
                    return {p.strip() for p in m.group(1).split(",")}
    except (OSError, subprocess.TimeoutExpired):
        pass
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return None


def startup_commands(port, tls_option):
    """The commands WeeChat runs at startup (-r), in order.  They are
    evaluated and split on ';', so none may contain either."""
    server = "irc.server.natter."
    return [
        "/set logger.file.flush_delay 0",
        "/set logger.file.auto_log on",
        "/set fifo.file.enabled on",
        # No TLS (WeeChat 4 defaults to it) and no flood delays (WeeChat
        # spaces messages 2 s apart by default).  With -a and a fresh
        # home, natter is the only server and nothing connects by itself.
        "/set irc.server_default.%s off" % tls_option,
        "/set irc.server_default.anti_flood_prio_high 0",
        "/set irc.server_default.anti_flood_prio_low 0",
        "/server add natter 127.0.0.1/%d" % port,
        "/set %s%s off" % (server, tls_option),
        "/set %snicks %s" % (server, WEE_NICK),
        "/set %susername weechat" % server,
        "/set %srealname WeeChat interop" % server,
        "/set %sautojoin %s" % (server, ROOM),
        "/set %sautoreconnect off" % server,
        "/connect natter",
    ]


class WeeChat(NatterdTestCase):

    tls_option = "ssl"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # WeeChat 4 renamed the "ssl" server options to "tls".
        if weechat_major() >= 4:
            cls.tls_option = "tls"

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="natter-weechat-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.wcdir = os.path.join(self.home, "wc")
        self.proc = None
        self.fifo_fd = None
        self.scripted = self.registered("scripted")
        self.scripted.join(ROOM)

    # --- WeeChat's process ---------------------------------------------------

    def start_weechat(self):
        """Start WeeChat against natterd; it connects and autojoins ROOM."""
        cmds = ";".join(startup_commands(self.server.port, self.tls_option))
        self.stdout = open(os.path.join(self.home, "stdout"), "wb")
        self.addCleanup(self.stdout.close)
        self.proc = subprocess.Popen(
            [WEECHAT, "--dir", self.wcdir, "-a", "-s", "-P", PLUGINS,
             "-r", cmds],
            env=weechat_env(self.home), cwd=self.home,
            stdin=subprocess.DEVNULL, stdout=self.stdout,
            stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=getattr(natterd_harness, "_die_with_parent", None))
        # Registered after the home directory's removal, so it runs first.
        self.addCleanup(self.stop_weechat)

    def stop_weechat(self):
        """Stop WeeChat by its pid: SIGTERM, then SIGKILL if it lingers;
        show what it logged if the test failed."""
        if self.fifo_fd is not None:
            os.close(self.fifo_fd)
            self.fifo_fd = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(EXIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(EXIT_TIMEOUT)
        if self._test_failed():
            sys.stderr.write("\n--- WeeChat (%s) ---\n%s\n--- end ---\n"
                             % (self.id(), self.weechat_logs()))

    def weechat_logs(self):
        """WeeChat's own log and buffer logs, for a failure report."""
        out = []
        paths = [os.path.join(self.home, "stdout"),
                 os.path.join(self.wcdir, "weechat.log")]
        paths += sorted(glob.glob(os.path.join(self.wcdir, "logs", "*")))
        for path in paths:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()[-4000:]
            except OSError:
                continue
            out.append("== %s\n%s" % (os.path.basename(path), text))
        return "\n".join(out)

    def check_alive(self):
        if self.proc.poll() is not None:
            self.fail("WeeChat exited early (status %d)"
                      % self.proc.returncode)

    # --- talking to WeeChat --------------------------------------------------

    def open_fifo(self, timeout=JOIN_TIMEOUT):
        """Open WeeChat's FIFO for writing and keep it open, so WeeChat never
        sees end of file and reopens the pipe between two commands."""
        deadline = time.monotonic() + timeout
        path = os.path.join(self.wcdir, "weechat_fifo_%d" % self.proc.pid)
        while True:
            self.check_alive()
            found = [path] if os.path.exists(path) else glob.glob(
                os.path.join(self.wcdir, "weechat_fifo*"))
            for p in found:
                try:
                    self.fifo_fd = os.open(p, os.O_WRONLY | os.O_NONBLOCK)
                    return
                except OSError as e:
                    if e.errno not in (errno.ENXIO, errno.ENOENT):
                        raise
            if time.monotonic() >= deadline:
                self.fail("WeeChat's FIFO did not appear in %s" % self.wcdir)
            time.sleep(0.05)

    def command(self, buffer, text):
        """Have WeeChat run text (a /command or a message) in a buffer, as
        if typed there."""
        if self.fifo_fd is None:
            self.open_fifo()
        data = ("%s *%s\n" % (buffer, text)).encode("utf-8")
        self.assertLessEqual(len(data), select.PIPE_BUF, data)
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            try:
                self.assertEqual(os.write(self.fifo_fd, data), len(data))
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.fail("WeeChat does not read its FIFO")
                time.sleep(0.05)

    def say(self, text):
        self.command(ROOM_BUFFER, text)

    def log_lines(self, buffer):
        """(prefix, message) of each line WeeChat logged for a buffer
        ("irc.natter.#room", "irc.server.natter")."""
        want = (buffer + ".weechatlog").lower()
        for path in glob.glob(os.path.join(self.wcdir, "logs", "*")):
            if os.path.basename(path).lower() == want:
                break
        else:
            return []
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        out = []
        for line in lines:
            parts = line.split("\t", 2)
            if len(parts) == 3:
                # WeeChat logs a room operator as "@nick": keep the nick.
                out.append((parts[1].lstrip("@"), parts[2]))
        return out

    def wait_log(self, buffer, pred, what, timeout=STEP_TIMEOUT):
        """Poll a buffer's log until a line satisfies pred(prefix,
        message); return it, or fail."""
        deadline = time.monotonic() + timeout
        while True:
            for prefix, message in self.log_lines(buffer):
                if pred(prefix, message):
                    return prefix, message
            self.check_alive()
            if time.monotonic() >= deadline:
                self.fail("WeeChat never logged %s in %s" % (what, buffer))
            time.sleep(0.05)

    def join_weechat(self):
        """Start WeeChat, see its JOIN from the scripted client, and wait
        until WeeChat has the room's buffer (its own join is logged)."""
        self.start_weechat()
        join = self.scripted.expect(
            lambda m: m.command == "JOIN" and m.nick == WEE_NICK,
            timeout=JOIN_TIMEOUT)
        self.wait_log(ROOM_BUFFER,
                      lambda p, m: WEE_NICK in m and "joined" in m,
                      "its own join")
        return join

    # --- the tests -----------------------------------------------------------

    def test_connect_register_join(self):
        join = self.join_weechat()
        self.assertEqual(join.params, [ROOM], join)
        self.assertEqual(join.user, "weechat", join)
        self.assertEqual(join.host, "127.0.0.1", join)
        # WeeChat took the whole burst: the welcome is in its server
        # buffer and its nick list has both of us.
        self.wait_log("irc.server.natter", lambda p, m: "Welcome to" in m
                      and WEE_NICK in m, "the 001 welcome")
        self.wait_log(ROOM_BUFFER, lambda p, m: "2 nicks" in m,
                      "a nick count of 2")
        # Past the 421 natterd answers to WeeChat's "MODE #interop", WeeChat
        # still talks in the room.
        word = unique("alive")
        self.say(word)
        m = self.scripted.expect(lambda m: m.command == "PRIVMSG",
                                 timeout=STEP_TIMEOUT)
        self.assertEqual(m.params, [ROOM, word], m)

    def test_message_from_weechat(self):
        self.join_weechat()
        text = "weechat says 你好 ✓ %s" % unique("w")
        self.say(text)
        m = self.scripted.expect(lambda m: m.command == "PRIVMSG",
                                 timeout=STEP_TIMEOUT)
        self.assertEqual(m.nick, WEE_NICK, m)
        self.assertEqual(m.params, [ROOM, text], m)
        self.assertEqual(m.raw, (":%s!weechat@127.0.0.1 PRIVMSG %s :%s"
                                 % (WEE_NICK, ROOM, text)).encode(), m)

    def test_message_to_weechat(self):
        self.join_weechat()
        text = "scripted says %s ünïcødé ✓" % unique("s")
        self.scripted.privmsg(ROOM, text)
        self.wait_log(ROOM_BUFFER,
                      lambda p, m: p == "scripted" and m == text,
                      "the scripted client's message")
        # A private message opens a query buffer.
        text = "private %s" % unique("p")
        self.scripted.privmsg(WEE_NICK, text)
        self.wait_log("irc.natter.scripted",
                      lambda p, m: p == "scripted" and m == text,
                      "the private message")

    def test_topic_and_nick(self):
        # A topic set before WeeChat joins comes with the join (332, 333).
        first = "first topic %s" % unique("t")
        self.scripted.send_line("TOPIC %s :%s" % (ROOM, first))
        self.scripted.expect("TOPIC")
        self.join_weechat()
        self.wait_log(ROOM_BUFFER, lambda p, m: first in m,
                      "the topic on join")
        self.wait_log(ROOM_BUFFER, lambda p, m: "set by scripted" in m,
                      "who set the topic")
        # A topic set while WeeChat is there.
        second = "second topic %s ✓" % unique("t")
        self.scripted.send_line("TOPIC %s :%s" % (ROOM, second))
        self.wait_log(ROOM_BUFFER,
                      lambda p, m: second in m and "scripted" in m,
                      "the topic change")
        # A nick change, then a message under the new nick.
        new = unique("renamed")
        self.scripted.send_line("NICK " + new)
        self.scripted.expect(lambda m: m.command == "NICK" and m.text == new)
        self.wait_log(ROOM_BUFFER, lambda p, m: "scripted" in m and new in m,
                      "the nick change")
        text = "now %s" % unique("n")
        self.scripted.privmsg(ROOM, text)
        self.wait_log(ROOM_BUFFER, lambda p, m: p == new and m == text,
                      "a message under the new nick")

    def test_quit_with_reason(self):
        self.join_weechat()
        reason = "weechat leaves %s ✓" % unique("bye")
        self.command("irc.server.natter", "/quit " + reason)
        m = self.scripted.expect(lambda m: m.command == "QUIT"
                                 and m.nick == WEE_NICK, timeout=STEP_TIMEOUT)
        self.assertIn(reason, m.text, m)
        self.assertTrue(m.text.endswith(reason), m)
        try:
            status = self.proc.wait(EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("WeeChat did not exit after /quit")
        self.assertEqual(status, 0)
        # natterd is still healthy.
        self.scripted.send_line("PING after-weechat")
        self.assertEqual(self.scripted.expect("PONG").text, "after-weechat")


def main():
    if not WEECHAT:
        print("SKIP: weechat-headless is not installed")
        sys.exit(77)
    plugins = probe_plugins()
    # (If the probe itself failed, run the tests: they will say why.)
    if plugins is not None and not set(PLUGINS.split(",")) <= plugins:
        print("SKIP: weechat-headless cannot load the plugins %s (found %s)"
              % (PLUGINS, ", ".join(sorted(plugins or ())) or "none"))
        sys.exit(77)
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
