"""natterd with a real IRC client: irssi, run inside a private tmux server,
joins a room, talks to a scripted client and hears it back, then quits.

Skips (exit 77) when irssi or tmux is not installed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from natterd_harness import NatterdTestCase, natterd_path, unique

IRSSI = shutil.which("irssi")
TMUX = shutil.which("tmux")

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
    max_cmds_at_once = "50";
  };
  "fe-text" = { };
};
"""

TMUX_CONFIG = """\
set -g default-terminal screen
set -g remain-on-exit on
set -g history-limit 5000
set -g status off
"""


class Irssi(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="natter-irssi-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.irssi_home = os.path.join(self.home, "irssi")
        os.mkdir(self.irssi_home)
        with open(os.path.join(self.irssi_home, "config"), "w") as f:
            f.write(IRSSI_CONFIG)
        tmux_conf = os.path.join(self.home, "tmux.conf")
        with open(tmux_conf, "w") as f:
            f.write(TMUX_CONFIG)
        self.socket_name = "natter-test-%d-%s" % (os.getpid(), unique("s"))
        self.env = dict(os.environ)
        self.env.pop("TMUX", None)
        self.env["HOME"] = self.home
        self.env["TMUX_TMPDIR"] = self.home
        self.env["TERM"] = "screen"
        self.env["LANG"] = self.env["LC_ALL"] = "C.UTF-8"
        self.tmux_conf = tmux_conf
        # Registered last, so it runs first: tmux goes before natterd.
        self.addCleanup(self.kill_tmux)

    def tmux(self, *args, check=True):
        return subprocess.run(
            [TMUX, "-L", self.socket_name, "-f", self.tmux_conf] + list(args),
            env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
            timeout=10, check=check)

    def kill_tmux(self):
        try:
            self.tmux("kill-server", check=False)
        except subprocess.TimeoutExpired:
            pass

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
        self.fail("%s\n--- irssi screen ---\n%s\n---" % (why, self.screen()))

    def test_irssi_interop(self):
        scripted = self.registered("scripted")
        scripted.join("#interop")
        cmd = "%s --home=%s -c 127.0.0.1 -p %d -n irssiuser" % (
            IRSSI, self.irssi_home, self.server.port)
        self.tmux("new-session", "-d", "-s", "interop", "-x", "200",
                  "-y", "50", cmd)

        # irssi says so once it has connected ("Connection to ...
        # established"); then join, retrying the /join in case
        # registration was not over yet.
        if not self.wait_screen("established", 10):
            self.fail_with_screen("irssi did not connect")
        join = None
        deadline = time.monotonic() + 15
        while join is None and time.monotonic() < deadline:
            self.type("/join #interop")
            try:
                join = scripted.expect(
                    lambda m: m.command == "JOIN" and m.nick == "irssiuser",
                    timeout=2)
            except AssertionError:
                join = None
        if join is None:
            self.fail_with_screen("irssi never joined #interop")
        self.assertEqual(join.params[0].lower(), "#interop", join)
        self.assertEqual(join.host, "127.0.0.1", join)
        if not self.wait_screen("scripted"):
            self.fail_with_screen("irssi does not list scripted in #interop")

        # irssi -> scripted client.
        word = unique("fromirssi")
        self.type("hello from irssi %s 你好" % word)
        try:
            m = scripted.expect(lambda m: m.command == "PRIVMSG"
                                and word in m.text, timeout=5)
        except AssertionError:
            self.fail_with_screen("scripted client never got irssi's message")
        self.assertEqual(m.nick, "irssiuser", m)
        self.assertEqual(m.params, ["#interop",
                                    "hello from irssi %s 你好" % word], m)

        # scripted client -> irssi.
        word = unique("toirssi")
        scripted.privmsg("#interop", "reply %s" % word)
        if not self.wait_screen(word, 5):
            self.fail_with_screen("irssi never showed %s" % word)

        # A topic change shows up too.
        word = unique("topic")
        scripted.send_line("TOPIC #interop :topic %s" % word)
        if not self.wait_screen(word, 5):
            self.fail_with_screen("irssi never showed the topic %s" % word)

        # irssi quits cleanly; the room sees the QUIT with its reason.
        word = unique("bye")
        self.type("/quit %s" % word)
        try:
            m = scripted.expect(lambda m: m.command == "QUIT"
                                and m.nick == "irssiuser", timeout=5)
        except AssertionError:
            self.fail_with_screen("scripted client never saw irssi quit")
        self.assertIn(word, m.text, m)
        # natterd is still healthy.
        scripted.send_line("PING after-irssi")
        self.assertEqual(scripted.expect("PONG").text, "after-irssi")


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
