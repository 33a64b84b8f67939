"""natterd -d and --pidfile as a service manager uses them (issue 17):
relative paths are taken from the starting directory, the parent exits
non-zero when the daemon fails to start, the pid file is locked against a
second natterd and removed only by its own, and shutdown sends each client
its own ERROR without one QUIT line per user."""

import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from natterd_harness import NatterdTestCase, natterd_path, main


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gone(pid, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


TALKS = itertools.count()


def talk(port, lines, until):
    """Register on port, send lines, return what arrived until `until`.
    A nick of its own each time: the last talk's may not be gone yet
    (433, and no 376 would ever come)."""
    with socket.create_connection(("127.0.0.1", port), 5) as s:
        s.settimeout(5)
        nick = "dd%d" % next(TALKS)
        s.sendall(("NICK %s\r\nUSER d 0 * :d\r\n" % nick).encode() +
                  b"".join(l.encode() + b"\r\n" for l in lines))
        data = b""
        deadline = time.monotonic() + 5
        while until.encode() not in data and time.monotonic() < deadline:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace")


class Daemon(NatterdTestCase):

    def setUp(self):
        # These tests start their own natterd.
        self.tmp = tempfile.mkdtemp(prefix="natterd-daemon-")
        self.pids = []
        self.addCleanup(self.cleanup)

    def cleanup(self):
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def natterd(self, *args, timeout=10):
        return subprocess.run([natterd_path(), "-c", "/dev/null", "-b",
                               "127.0.0.1"] + list(args),
                              capture_output=True, text=True,
                              timeout=timeout, cwd=self.tmp)

    def read_pid(self, path):
        deadline = time.monotonic() + 5
        while not os.path.exists(path):
            self.assertLess(time.monotonic(), deadline, "no pid file")
            time.sleep(0.05)
        with open(path) as f:
            pid = int(f.read().strip())
        self.pids.append(pid)
        return pid

    def test_failing_daemon_fails_the_parent(self):
        # The pid file's directory does not exist: the daemon cannot start.
        r = self.natterd("-d", "-p", str(free_port()), "--pidfile",
                         "nodir/x.pid")
        self.assertNotEqual(r.returncode, 0, r.stderr)
        self.assertIn("cannot write pid file %s/nodir/x.pid" % self.tmp,
                      r.stderr)

    def test_relative_paths_are_from_the_starting_directory(self):
        with open(os.path.join(self.tmp, "motd"), "w") as f:
            f.write("first motd\n")
        port = free_port()
        r = self.natterd("-d", "-p", str(port), "--pidfile", "rel.pid",
                         "--motd", "motd")
        self.assertEqual(r.returncode, 0, r.stderr)
        pid = self.read_pid(os.path.join(self.tmp, "rel.pid"))
        self.assertIn("first motd", talk(port, [], " 376 "))
        with open(os.path.join(self.tmp, "motd"), "w") as f:
            f.write("second motd\n")
        os.kill(pid, signal.SIGHUP)
        deadline = time.monotonic() + 5
        while "second motd" not in talk(port, [], " 376 "):
            self.assertLess(time.monotonic(), deadline,
                            "the relative MOTD was not read again")
            time.sleep(0.1)
        os.kill(pid, signal.SIGTERM)
        self.assertTrue(gone(pid))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "rel.pid")))

    def test_pid_file_is_locked_and_only_ours_removed(self):
        pidfile = os.path.join(self.tmp, "n.pid")
        r = self.natterd("-d", "-p", str(free_port()), "--pidfile", pidfile)
        self.assertEqual(r.returncode, 0, r.stderr)
        first = self.read_pid(pidfile)
        # A second natterd, in the foreground, same pid file.
        r = self.natterd("-p", str(free_port()), "--pidfile", pidfile)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("another natterd (pid %d) is running with pid file %s"
                      % (first, pidfile), r.stderr)
        with open(pidfile) as f:
            self.assertEqual(int(f.read()), first)
        # And as a daemon: the parent fails too.
        r = self.natterd("-d", "-p", str(free_port()), "--pidfile", pidfile)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("another natterd", r.stderr)
        os.kill(first, 0)
        with open(pidfile) as f:
            self.assertEqual(int(f.read()), first)
        os.kill(first, signal.SIGTERM)
        self.assertTrue(gone(first))
        self.assertFalse(os.path.exists(pidfile))


class Journal(NatterdTestCase):
    """Under systemd (JOURNAL_STREAM names stderr) lines carry a syslog
    priority prefix and no program name; otherwise they are as before."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="natterd-journal-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def run_with_stderr_file(self, journal):
        conf = os.path.join(self.tmp, "n.conf")
        with open(conf, "w") as f:
            f.write("bogus = 1\n")
        err = os.path.join(self.tmp, "err")
        with open(err, "w") as f:
            st = os.fstat(f.fileno())
            env = dict(os.environ)
            env.pop("JOURNAL_STREAM", None)
            if journal:
                env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino)
            else:
                # Another file's: stderr was passed on, not the journal.
                env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino + 1)
            r = subprocess.run([natterd_path(), "--check-config", "-c",
                                conf], stderr=f, env=env, timeout=10)
        self.assertEqual(r.returncode, 1)
        with open(err) as f:
            return f.read()

    def test_priority_prefix_under_systemd(self):
        self.assertEqual(self.run_with_stderr_file(True),
                         "<3>error: %s/n.conf:1: unknown key 'bogus'\n"
                         % self.tmp)

    def test_plain_lines_elsewhere(self):
        self.assertEqual(self.run_with_stderr_file(False),
                         "natterd: error: %s/n.conf:1: unknown key 'bogus'\n"
                         % self.tmp)


class ShutdownWithoutQuitStorm(NatterdTestCase):

    def test_each_client_gets_one_error_and_no_quits(self):
        clients = self.in_room("#lobby", "ann", "bob", "cid", "dot")
        self.server.send_signal(signal.SIGTERM)
        for c in clients:
            msgs = c.read_until_closed(5)
            self.assertEqual([m.command for m in msgs], ["ERROR"],
                             "%r got %r" % (c, [m.raw for m in msgs]))
            self.assertEqual(msgs[0].text, "Server shutting down")
        self.assertEqual(self.server.wait(5), 0)


if __name__ == "__main__":
    main()
