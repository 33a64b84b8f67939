"""natterd under systemd's Type=notify: READY=1 once it listens, RELOADING=1
then READY=1 on SIGHUP, STOPPING=1 at shutdown, sent to NOTIFY_SOCKET.
Skips (77) when natterd was built without libsystemd."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from natterd_harness import natterd_path, unique
import unittest


def built_with_systemd():
    config_h = os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(natterd_path()))), "config.h")
    try:
        with open(config_h) as f:
            return "#define HAVE_SYSTEMD 1" in f.read()
    except OSError:
        return False


class Notify(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="natterd-notify-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(self.sock.close)
        self.path = os.path.join(self.tmp, "notify")
        self.sock.bind(self.path)
        self.sock.settimeout(5)

    def states(self, want):
        """Datagrams until one holds want; returns them all."""
        got = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                got.append(self.sock.recv(4096).decode())
            except socket.timeout:
                break
            if want in got[-1]:
                return got
        self.fail("no %r from natterd, got %r" % (want, got))

    def test_ready_reloading_stopping(self):
        env = dict(os.environ, NOTIFY_SOCKET=self.path)
        proc = subprocess.Popen([natterd_path(), "-c", "/dev/null", "-b",
                                 "127.0.0.1", "-p", "0"], env=env,
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            got = self.states("READY=1")
            self.assertEqual(len(got), 1, got)
            # Ready means listening: the log already says where.
            proc.send_signal(signal.SIGHUP)
            got = self.states("READY=1")
            self.assertEqual(got[0], "RELOADING=1")
            proc.send_signal(signal.SIGTERM)
            self.states("STOPPING=1")
            self.assertEqual(proc.wait(5), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
            proc.stderr.close()

    def test_failing_start_sends_no_ready(self):
        env = dict(os.environ, NOTIFY_SOCKET=self.path)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            r = subprocess.run([natterd_path(), "-c", "/dev/null", "-b",
                                "127.0.0.1", "-p",
                                str(taken.getsockname()[1])], env=env,
                               capture_output=True, timeout=10)
        self.assertEqual(r.returncode, 1)
        self.sock.settimeout(0.2)
        with self.assertRaises(socket.timeout):
            self.sock.recv(4096)


if __name__ == "__main__":
    if not built_with_systemd():
        print("natterd built without libsystemd: skipping")
        sys.exit(77)
    unittest.main()
