"""natter against ngircd (the Debian package) on loopback: the smoke test
of test_natter_ui.py against another IRC server, which offers a different
set of capabilities (and no history replay): natter registers, joins,
shows what a scripted peer says, sends what is typed, and quits.

Skips (exit 77) when tmux or ngircd is not installed.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import test_natter_ui as ui
from natterd_harness import Client

NGIRCD = shutil.which("ngircd") or (
    "/usr/sbin/ngircd" if os.access("/usr/sbin/ngircd", os.X_OK) else None)
START_TIMEOUT = 10.0


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ngircd(ui.NatterTmux):
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.workdir = tempfile.mkdtemp(prefix="natter-ngircd-")
        self.addCleanup(shutil.rmtree, self.workdir, True)
        conf = os.path.join(self.workdir, "ngircd.conf")
        with open(conf, "w") as f:
            f.write("[Global]\n"
                    "Name = ngircd.test\n"
                    "Info = natter smoke test\n"
                    "Listen = 127.0.0.1\n"
                    "Ports = %d\n"
                    "PidFile = %s/ngircd.pid\n"
                    "MotdPhrase = natter smoke test\n"
                    "ServerUID = %d\n"
                    "ServerGID = %d\n"
                    "[Limits]\n"
                    "MaxConnectionsIP = 0\n"
                    "[Options]\n"
                    "DNS = no\n"
                    "Ident = no\n"
                    "PAM = no\n"
                    % (self.port, self.workdir, os.getuid(), os.getgid()))
        self.ngircd = subprocess.Popen(
            [NGIRCD, "--nodaemon", "--config", conf],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.addCleanup(self.stop_ngircd)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                break
            except OSError:
                if (time.monotonic() > deadline or
                        self.ngircd.poll() is not None):
                    self.fail("ngircd did not start on port %d" % self.port)
                time.sleep(0.1)

    def stop_ngircd(self):
        for c in self.clients:
            c.close()
        if self.ngircd.poll() is None:
            self.ngircd.terminate()
            try:
                self.ngircd.wait(5)
            except subprocess.TimeoutExpired:
                self.ngircd.kill()
                self.ngircd.wait(5)

    def test_smoke(self):
        alice = Client(self.port, name="alice")
        self.clients.append(alice)
        alice.register("alice")
        alice.join(ui.ROOM)
        self.start_natter()
        alice.expect(lambda m: m.command == "JOIN" and m.nick == ui.NICK,
                     timeout=ui.CONNECT_TIMEOUT)
        self.wait_status("%s on 127.0.0.1" % ui.NICK, ui.CONNECT_TIMEOUT)
        self.wait_status("2:%s, 2 people" % ui.ROOM)
        draft = "typing while ngircd talks ✓"
        self.type(draft)
        # ngircd slows a client down after a few lines: a short burst.
        for i in range(8):
            alice.privmsg(ui.ROOM, "ngircd line %02d 你好" % i)
        self.wait_text("<alice> ngircd line 07 你好")
        self.assertEqual(self.input_row(), draft, self.screen())
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and
                         m.nick == ui.NICK)
        self.assertEqual(m.params, [ui.ROOM, draft])
        self.wait_text("<%s> %s" % (ui.NICK, draft))
        time.sleep(0.3)
        self.assertEqual(self.screen().count(draft), 1, self.screen())
        self.type("ali")
        self.keys("Tab")
        self.wait(lambda s: self.input_row() == "alice:",
                  "Tab did not complete the nick")
        self.keys("C-u")
        self.command("/quit done")
        alice.expect(lambda m: m.command == "QUIT" and m.nick == ui.NICK)
        self.wait_text("natter-exited-0")


if __name__ == "__main__":
    if not ui.TMUX:
        print("SKIP: tmux is not installed")
        sys.exit(77)
    if not NGIRCD:
        print("SKIP: ngircd is not installed (Debian package ngircd)")
        sys.exit(77)
    if not os.access(ui.natter_path(), os.X_OK):
        sys.stderr.write("natter binary not found: %s\n" % ui.natter_path())
        sys.exit(99)
    unittest.main(verbosity=2)
