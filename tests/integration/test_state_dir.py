"""natterd --state-dir is natterd's alone (issue 13 item 6): a directory
another user may write into is refused, nothing inside it is opened through
a symbolic link, and a FIFO or other odd file named like a room file is
skipped with a log line instead of hanging natterd before it listens.
With the disk full, errors are logged in bounds (item 7) and nothing
waiting is lost once there is room again."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import unittest

from natterd_harness import NatterdTestCase, natterd_path, main


def run_natterd(*args, timeout=5):
    """natterd in the foreground; a natterd that starts and listens is
    killed after timeout (subprocess.TimeoutExpired)."""
    return subprocess.run([natterd_path(), "-b", "127.0.0.1", "-p", "0"] +
                          list(args), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


class Refused(unittest.TestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)

    def assert_refused(self, why):
        try:
            r = run_natterd("--state-dir", self.state)
        except subprocess.TimeoutExpired:
            self.fail("natterd accepted the state dir (%s)" % why)
        self.assertNotEqual(r.returncode, 0, r)
        self.assertIn(why.encode(), r.stderr, r.stderr)

    def test_writable_by_others(self):
        os.chmod(self.state, 0o777)
        self.assert_refused("is writable by others (mode 0777)")
        os.chmod(self.state, 0o770)
        self.assert_refused("is writable by others (mode 0770)")

    def test_rooms_writable_by_others(self):
        os.mkdir(os.path.join(self.state, "rooms"), 0o700)
        os.chmod(os.path.join(self.state, "rooms"), 0o1777)
        self.assert_refused("rooms/ is writable by others")

    def test_rooms_a_symlink(self):
        elsewhere = tempfile.mkdtemp(prefix="natterd-elsewhere-")
        self.addCleanup(shutil.rmtree, elsewhere, True)
        os.symlink(elsewhere, os.path.join(self.state, "rooms"))
        self.assert_refused("rooms/: not a directory")

    def test_owned_by_another_user(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to give the directory away")
        nobody = pwd.getpwnam("nobody")
        os.chown(self.state, nobody.pw_uid, nobody.pw_gid)
        self.assert_refused("is owned by uid %d" % nobody.pw_uid)

    def test_private_dir_is_accepted(self):
        # The refusals above are not natterd refusing everything.
        os.chmod(self.state, 0o755)
        with self.assertRaises(subprocess.TimeoutExpired):
            run_natterd("--state-dir", self.state, timeout=1)


class Planted(NatterdTestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.rooms = os.path.join(self.state, "rooms")
        os.mkdir(self.rooms, 0o700)
        # The file a local attacker would have natterd overwrite.
        self.victim = os.path.join(tempfile.mkdtemp(prefix="natterd-v-"),
                                   "precious")
        self.addCleanup(shutil.rmtree, os.path.dirname(self.victim), True)
        with open(self.victim, "w") as f:
            f.write("precious\n")
        os.chmod(self.victim, 0o600)
        self.plant()
        self.server_args = ("--state-dir", self.state)
        super().setUp()

    def plant(self):
        pass

    def victim_intact(self):
        with open(self.victim) as f:
            self.assertEqual(f.read(), "precious\n")


class PlantedTmpLink(Planted):

    def plant(self):
        # Planted before the start and again once natterd runs (the
        # leftover sweep at load removes the first one).
        os.symlink(self.victim, os.path.join(self.rooms,
                                             "%23lobby.state.tmp"))

    def test_topic_does_not_follow_a_planted_tmp_link(self):
        link = os.path.join(self.rooms, "%23lobby.state.tmp")
        if not os.path.islink(link):
            os.symlink(self.victim, link)
        alice = self.registered("alice")
        alice.join("#lobby")
        alice.send_line("TOPIC #lobby :overwrite this")
        alice.expect("TOPIC")
        alice.send_line("MODE #lobby +k sekrit")
        alice.expect("MODE")
        self.victim_intact()
        state = os.path.join(self.rooms, "%23lobby.state")
        self.assertFalse(os.path.islink(state))
        with open(state) as f:
            text = f.read()
        self.assertIn("topic overwrite this\n", text)
        self.assertIn("key sekrit\n", text)


class PlantedLogLink(Planted):

    def plant(self):
        os.symlink(self.victim, os.path.join(self.rooms, "%23lobby.log"))

    def test_history_does_not_follow_a_planted_log_link(self):
        alice = self.registered("alice")
        alice.join("#lobby")
        alice.privmsg("#lobby", "into the victim?")
        alice.send_line("PING :x")
        alice.expect("PONG")
        self.victim_intact()
        self.assertTrue(self.server.logged(
            "%23lobby.log: cannot open: a symbolic link"),
            self.server.log_text())


class PlantedFifo(Planted):

    def plant(self):
        os.mkfifo(os.path.join(self.rooms, "%23fifo.log"), 0o600)
        os.mkfifo(os.path.join(self.rooms, "%23fifo2.state"), 0o600)
        os.mkdir(os.path.join(self.rooms, "%23dir.log"), 0o700)

    def test_fifo_is_skipped_with_a_log_line(self):
        # setUp got natterd listening: the FIFOs did not hang the load.
        for name in ("%23fifo.log", "%23fifo2.state", "%23dir.log"):
            self.assertTrue(any(name in line and "not a regular file"
                                in line for line in self.server.lines),
                            (name, self.server.log_text()))
        # Using the room neither hangs natterd nor writes into the FIFO.
        alice = self.registered("alice")
        alice.join("#fifo")
        alice.privmsg("#fifo", "hello")
        alice.send_line("TOPIC #fifo2 :x")
        alice.send_line("PING :x")
        alice.expect("PONG")
        self.assertTrue(self.server.logged("%23fifo.log: cannot open"),
                        self.server.log_text())


class DiskFull(NatterdTestCase):
    """The state dir on a small tmpfs of our own, filled up."""

    ROOMS = 200

    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to mount a small tmpfs")
        self.state = tempfile.mkdtemp(prefix="natterd-full-")
        self.addCleanup(shutil.rmtree, self.state, True)
        if subprocess.run(["mount", "-t", "tmpfs", "-o",
                           "size=4m,mode=0700", "tmpfs", self.state],
                          capture_output=True).returncode != 0:
            self.skipTest("cannot mount a tmpfs here")
        self.addCleanup(subprocess.run, ["umount", "-l", self.state],
                        capture_output=True)
        self.server_args = ("--state-dir", self.state, "--flood-rate", "0")
        super().setUp()

    def fill(self):
        """Fill the file system; returns the filler's path."""
        path = os.path.join(self.state, "filler")
        with open(path, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        return path

    def test_full_disk_logs_in_bounds_and_keeps_what_waits(self):
        clients = []
        per = 20                            # CHANLIMIT
        for i in range(self.ROOMS // per):
            c = self.registered("u%d" % i)
            c.send_line("JOIN " + ",".join("#r%d" % (i * per + j)
                                           for j in range(per)))
            c.send_line("PING :joined")
            c.expect(lambda m: m.command == "PONG")
            clients.append(c)
        time.sleep(1.2)                     # their logs synced
        filler = self.fill()
        start = len(self.server.lines)
        for i, c in enumerate(clients):
            for j in range(per):
                c.send_line("TOPIC #r%d :kept %d" % (i * per + j, i * per + j))
            c.send_line("PING :topics")
            c.expect(lambda m: m.command == "PONG" and m.text == "topics")
        # Every room's state is retried every second: 200 rooms used to
        # make 200 lines a second.  Now the first few of each 10 s window,
        # then one line saying how many were held back.
        deadline = time.monotonic() + 13
        summary = None
        while time.monotonic() < deadline and summary is None:
            time.sleep(0.5)
            summary = next((line for line in self.server.lines[start:]
                            if "more write errors" in line), None)
        errors = [line for line in self.server.lines[start:]
                  if "cannot save" in line or "cannot sync" in line]
        self.assertIsNotNone(summary, self.server.log_text())
        self.assertLessEqual(len(errors), 2 * 10, "\n".join(errors))
        held = int(summary.split("more write errors")[0].split()[-1])
        self.assertGreater(held, self.ROOMS, summary)
        # Room again: every waiting state is written by the next sync.
        os.unlink(filler)
        time.sleep(2.5)
        for n in range(self.ROOMS):
            with open(os.path.join(self.state, "rooms",
                                   "%%23r%d.state" % n)) as f:
                self.assertIn("topic kept %d\n" % n, f.read())


if __name__ == "__main__":
    main()
