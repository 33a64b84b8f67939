"""natter against another IRC server (a Debian package) on loopback: what
test_natter_ngircd.py and test_natter_inspircd.py share.  A subclass says
how to write the server's configuration and command line; this starts the
server on a free port in a temporary folder, stops it by its pid, and
runs the smoke test: natter registers, joins, shows what a scripted peer
says while a half-typed line survives, sends it, completes a nick, quits.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import test_natter_ui as ui
from natterd_harness import Client

START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_program(name):
    """The server's binary: on PATH, else in /usr/sbin (not on a user's
    PATH on Debian)."""
    path = shutil.which(name)
    if path:
        return path
    path = os.path.join("/usr/sbin", name)
    return path if os.access(path, os.X_OK) else None


class PeerServer(ui.NatterTmux):
    """natter in tmux against a server of another implementation."""

    start_natterd = False
    # The server's name as the test says it, and its binary.
    name = "?"
    program = None
    # Lines alice sends in the burst (servers throttle a fast sender).
    burst = 8

    def server_command(self, workdir, port):
        """Write the configuration into workdir; the command to run."""
        raise NotImplementedError

    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.workdir = tempfile.mkdtemp(prefix="natter-%s-" % self.name)
        self.addCleanup(shutil.rmtree, self.workdir, True)
        self.log = open(os.path.join(self.workdir, "server.log"), "wb")
        self.addCleanup(self.log.close)
        self.peer_server = subprocess.Popen(
            self.server_command(self.workdir, self.port),
            stdin=subprocess.DEVNULL, stdout=self.log,
            stderr=subprocess.STDOUT)
        self.addCleanup(self.stop_server)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                break
            except OSError:
                if (time.monotonic() > deadline or
                        self.peer_server.poll() is not None):
                    self.fail("%s did not start on port %d:\n%s" % (
                        self.name, self.port, self.server_log()))
                time.sleep(0.1)

    def server_log(self):
        try:
            with open(os.path.join(self.workdir, "server.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def stop_server(self):
        """Peers first, then the server, by its pid."""
        for c in self.clients:
            c.close()
        if self.peer_server.poll() is None:
            self.peer_server.terminate()
            try:
                self.peer_server.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.peer_server.kill()
                self.peer_server.wait(STOP_TIMEOUT)

    def smoke(self):
        alice = Client(self.port, name="alice")
        self.clients.append(alice)
        alice.register("alice")
        alice.join(ui.ROOM)
        self.start_natter()
        alice.expect(lambda m: m.command == "JOIN" and m.nick == ui.NICK,
                     timeout=ui.CONNECT_TIMEOUT)
        self.wait_status("%s on 127.0.0.1" % ui.NICK, ui.CONNECT_TIMEOUT)
        self.wait_status("2:%s, 2 people" % ui.ROOM)
        draft = "typing while %s talks ✓" % self.name
        self.type(draft)
        for i in range(self.burst):
            alice.privmsg(ui.ROOM, "%s line %02d 你好" % (self.name, i))
        self.wait_text("<alice> %s line %02d 你好" % (self.name,
                                                      self.burst - 1))
        self.assertEqual(self.input_row(), draft, self.screen())
        self.keys("Enter")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and
                         m.nick == ui.NICK)
        self.assertEqual(m.params, [ui.ROOM, draft])
        self.wait_text("<%s> %s" % (ui.NICK, draft))
        # Shown once, also where the server echoes it (echo-message).
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


def main(cls, package):
    """Run the tests of cls, or skip (77) without tmux or the server."""
    import unittest
    ui.require_natter()
    if not cls.program:
        print("SKIP: %s is not installed (Debian package %s)" % (cls.name,
                                                                 package))
        sys.exit(77)
    unittest.main(verbosity=2)
