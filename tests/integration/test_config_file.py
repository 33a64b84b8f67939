"""natterd's config file (-c / --config): every long option is a key, the
command line wins, --check-config tells every error with its file and line,
and SIGHUP takes the file again: live settings change, the others are
logged as waiting for a restart, and a broken file changes nothing."""

import os
import re
import signal
import subprocess
import tempfile
import time

from natterd_harness import NatterdTestCase, natterd_path, main, unique

# A valid value for every key natterd's --help lists (-c, --check-config,
# --help and --version are for the command line only).
EVERY_KEY = """\
# every setting, valid
bind = 127.0.0.1
daemon = no
default-room = #hall
discovery-port = 4000
flood-excess = 20
flood-rate = 10
history = 50
history-keep = 7
info = "  A LAN server  "
max-clients = 100
max-per-ip = 8
max-rooms = 50
motd = motd.txt
name = lanbox
no-discovery = yes
no-plain-port = no
oper = root:secret
password = letmein
pidfile = natterd.pid
plain-bind = 127.0.0.1
ping-interval = 120
ping-timeout = 30
plain-wait = 500
port = 6667
state-dir = state
tls-cert = cert.pem
tls-key = key.pem
tls-port = 6697
"""


def long_options_in_help():
    out = subprocess.run([natterd_path(), "--help"], capture_output=True,
                         text=True, timeout=10).stdout
    return set(re.findall(r"--([a-z-]+)", out))


class CheckConfig(NatterdTestCase):
    server_args = ("-c", "/dev/null")

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="natterd-conf-")

    def write(self, text, name="natterd.conf"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def check(self, *args):
        return subprocess.run([natterd_path(), "--check-config"] +
                              list(args), capture_output=True, text=True,
                              timeout=10, cwd=self.tmp)

    def test_every_key_is_accepted(self):
        keys = set(re.findall(r"^([a-z-]+) =", EVERY_KEY, re.M))
        cli_only = {"config", "check-config", "fingerprint", "help",
                    "version"}
        self.assertEqual(keys, long_options_in_help() - cli_only,
                         "EVERY_KEY should name every long option")
        r = self.check("-c", self.write(EVERY_KEY))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("settings are valid", r.stdout)

    def test_shipped_natterd_conf_names_every_key(self):
        # contrib/natterd.conf (the package's conffile) with every line
        # uncommented: every key is there, and every example is valid.
        src = os.path.join(os.environ.get("TOP_SRCDIR", "."), "contrib",
                           "natterd.conf")
        with open(src, encoding="utf-8") as f:
            text = f.read()
        settings = re.findall(r"^#([a-z-]+ = .*)$", text, re.M)
        keys = {s.split(" ", 1)[0] for s in settings}
        cli_only = {"config", "check-config", "fingerprint", "help",
                    "version"}
        self.assertEqual(keys, long_options_in_help() - cli_only)
        self.assertEqual(self.check("-c", src).returncode, 0)
        r = self.check("-c", self.write("\n".join(settings) + "\n"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_every_error_is_told_with_its_line(self):
        path = self.write("port = 1\n"
                          "flood-rate = 5000\n"
                          "bogus = 1\n"
                          "# fine\n"
                          "oper = nocolon\n"
                          "motd\n"
                          "config = other.conf\n"
                          "no-discovery = perhaps\n")
        r = self.check("-c", path)
        self.assertEqual(r.returncode, 1)
        for line, what in ((2, "--flood-rate wants 0 to 1000"),
                           (3, "unknown key 'bogus'"),
                           (5, "--oper wants NAME:PASS"),
                           (6, "expected 'key = value'"),
                           (7, "only be given on the command line"),
                           (8, "no-discovery wants yes or no")):
            self.assertRegex(r.stderr, re.escape("%s:%d: " % (path, line)) +
                             ".*" + re.escape(what))
        self.assertNotIn(":1: ", r.stderr)

    def test_missing_file_is_an_error(self):
        r = self.check("-c", os.path.join(self.tmp, "nope.conf"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope.conf: No such file", r.stderr)

    def test_bad_file_stops_a_start(self):
        path = self.write("history = lots\n")
        r = subprocess.run([natterd_path(), "-c", path, "-b", "127.0.0.1",
                            "-p", "0"], capture_output=True, text=True,
                           timeout=10)
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s:1: --history wants" % path, r.stderr)

    def test_command_line_wins(self):
        path = self.write("info = From the file\nmax-per-ip = 1\n")
        # The harness's own --max-per-ip on the command line wins over 1.
        server = self.start_server("-c", path, "--info", "From the command")
        a = self.registered("ann", server=server)
        b = self.registered("bob", server=server)
        a.send_line("INFO")
        info = a.lines_until(lambda m: m.command == "374")
        self.assertTrue(any(m.text == "From the command" for m in info),
                        info)
        b.send_line("PING :x")
        b.expect(lambda m: m.command == "PONG")


class Reload(NatterdTestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="natterd-reload-")
        self.conf = os.path.join(self.tmp, "natterd.conf")
        self.write("oper = alice:one\ninfo = First\n")
        self.server_args = ("-c", self.conf)
        super().setUp()

    def write(self, text):
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(text)

    def hup_and_wait(self, what):
        seen = len(self.server.lines)
        self.server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if any(what in l for l in self.server.lines[seen:]):
                return self.server.lines[seen:]
            time.sleep(0.05)
        self.fail("no %r after SIGHUP; log:\n%s" % (what,
                                                   self.server.log_text()))

    def oper(self, c, name, password):
        c.send_line("OPER %s %s" % (name, password))
        return c.expect(lambda m: m.command in ("381", "464", "491")).command

    def test_live_settings_change_and_fixed_ones_wait(self):
        c = self.registered("carol")
        self.assertEqual(self.oper(c, "alice", "one"), "381")
        self.write("oper = bob:two\ninfo = Second\nname = elsewhere\n"
                   "state-dir = /nonexistent\n")
        lines = self.hup_and_wait("SIGHUP: read")
        d = self.registered("dave")
        self.assertEqual(self.oper(d, "alice", "one"), "464")
        self.assertEqual(self.oper(d, "bob", "two"), "381")
        d.send_line("INFO")
        info = d.lines_until(lambda m: m.command == "374")
        self.assertTrue(any(m.text == "Second" for m in info), info)
        text = "\n".join(lines)
        self.assertIn("name changed; it takes effect when natterd restarts",
                      text)
        self.assertIn("state-dir changed", text)
        # Still under its first name.
        e = self.registered("erin")
        e.send_line("PING :n")
        self.assertNotEqual(e.expect(lambda m: m.command == "PONG").source,
                            "elsewhere")

    def test_broken_file_keeps_running_settings(self):
        self.write("oper = bob:two\nflood-rate = many\n")
        lines = self.hup_and_wait("keeping the running settings")
        self.assertTrue(any("%s:2: --flood-rate wants" % self.conf in l
                            for l in lines), lines)
        c = self.registered("carol")
        self.assertEqual(self.oper(c, "alice", "one"), "381")
        self.assertEqual(self.oper(c, "bob", "two"), "464")


if __name__ == "__main__":
    main()
