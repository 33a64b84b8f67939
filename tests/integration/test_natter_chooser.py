"""natter with no HOST finds servers on the LAN and, when several answer,
lets the user choose (client/chooser.c); natter -l lists them.

Everything runs in a network namespace of this test's own with only the
loopback interface up, so natter's probes (broadcast on every interface,
and to 127.0.0.1) reach nothing but this test.  A UDP responder here
answers each probe for two real natterds on 127.0.0.1 (their own
discovery is off: they would answer on their TCP port, which natter does
not probe), and natter in tmux must show both, take the one chosen with
the arrow keys and Enter, and connect to it.

Skips (exit 77) without tmux, or when a network namespace cannot be
made (not root, no unshare(2) or ip(8)).
"""

import ctypes
import shutil
import socket
import subprocess
import sys
import threading
import unittest

import test_natter_ui as ui

CLONE_NEWNET = 0x40000000


def private_network():
    """Move this process into a new network namespace with lo up; False
    when that is not allowed here."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        return False
    ip = shutil.which("ip") or "/usr/sbin/ip"
    try:
        subprocess.run([ip, "link", "set", "lo", "up"], check=True,
                       timeout=10, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


class Responder:
    """Answers natter's discovery probes on a loopback UDP port, for the
    servers given as (tcp port, name, users): one datagram each."""

    def __init__(self, servers, answers=None):
        """answers, when given, are the datagrams to send instead."""
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.answers = answers if answers is not None else [
            ("NATTER 1 port=%d name=%s users=%d rooms=1 id=%s\n" %
             (port, name, users, name)).encode()
            for port, name, users in servers]
        self.probes = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                data, peer = self.sock.recvfrom(512)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data.startswith(b"NATTER? 1"):
                continue
            self.probes += 1
            for answer in self.answers:
                self.sock.sendto(answer, peer)

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


class Chooser(ui.NatterTmux):
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.first = self.start_server("--no-discovery")
        self.second = self.start_server("--no-discovery")
        self.responder = Responder([(self.first.port, "first", 0),
                                    (self.second.port, "second", 1)])
        self.addCleanup(self.responder.close)
        # The second server has a user already, as its answer says.
        self.bob = self.second.client(name="bob")
        self.clients.append(self.bob)
        self.bob.register("bob")
        self.bob.join(ui.ROOM)
        self.port = self.responder.port

    def test_list(self):
        r = subprocess.run([ui.natter_path(), "-l", "-p",
                            str(self.responder.port)], env=self.env,
                           capture_output=True, text=True, timeout=10)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(r.stdout.splitlines()), sorted([
            "127.0.0.1 %d first users=0 rooms=1" % self.first.port,
            "127.0.0.1 %d second users=1 rooms=1" % self.second.port]))

    def chooser(self):
        """natter with no host, at its chooser."""
        self.start_natter(host=None)
        self.wait_text("natterd servers on the LAN", ui.CONNECT_TIMEOUT)
        self.wait_text("second users=1")
        screen = self.screen()
        self.assertIn("127.0.0.1 %d first users=0" % self.first.port, screen)
        self.assertIn("127.0.0.1 %d second users=1" % self.second.port,
                      screen)
        return screen

    def test_choose_second(self):
        screen = self.chooser()
        rows = [l for l in screen.split("\n") if "users=" in l]
        # Down, Enter: the server of the second row, whichever answer came
        # first; only the second server has bob in the room.
        chose_second = "second" in rows[1]
        self.keys("Down")
        self.keys("Enter")
        self.wait_status("%s on 127.0.0.1" % ui.NICK, ui.CONNECT_TIMEOUT)
        self.wait_text("-- %s joined %s" % (ui.NICK, ui.ROOM))
        if chose_second:
            self.bob.expect(lambda m: m.command == "JOIN" and
                            m.nick == ui.NICK, timeout=ui.STEP_TIMEOUT)
            self.wait_status("2 people")
        else:
            self.wait_status("1 person")
        self.command("/quit")
        self.wait_text("natter-exited-0")

    def test_quit_at_chooser(self):
        self.chooser()
        self.keys("q")
        self.wait_text("natter-exited-1")
        self.wait_text("tty-restored")


if __name__ == "__main__":
    ui.require_natter()
    if not private_network():
        print("SKIP: cannot make a network namespace (needs root, ip)")
        sys.exit(77)
    unittest.main(verbosity=2)
