"""natterd with a real IRC client: WeeChat, run headless (weechat-headless)
in a private home directory, joins a room, talks to a scripted client and
hears it back, follows topic and nick changes, then quits; made a room
operator, its /mode, /invite, /voice, /kickban and /ban work.

WeeChat is driven through its FIFO plugin (lines such as
"irc.natter.#interop *hello" written to the pipe in its home directory) and
read back through its logger plugin (one log file per buffer, flushed at
once).  Only the irc, logger and fifo plugins are loaded, no scripts, and the
only server it knows is natterd on loopback.

Also checked with WeeChat: the IRCv3 capabilities it negotiates (its
default "*" asks for every capability natterd offers that it knows; WeeChat
3.8 knows away-notify, message-tags, multi-prefix and server-time of
natterd's list, WeeChat 4 also batch and echo-message), the room history
replayed when it joins (as the NOTICE block without batch, as a chathistory
batch with the original times when batch is asked for), and messages both
ways with the capabilities on.

Skips (exit 77) when weechat-headless, or its fifo plugin (Debian's
weechat-plugins), is not installed.
"""

import calendar
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
from natterd_harness import (NatterdTestCase, natterd_path, offered_caps,
                             unique)

WEECHAT = shutil.which("weechat-headless")
# Only these plugins: no scripts, relay, spell, xfer or exec.
PLUGINS = "irc,logger,fifo"
ROOM = "#interop"
# WeeChat's full name of the room's buffer.
ROOM_BUFFER = "irc.natter." + ROOM
WEE_NICK = "weeuser"
# How long WeeChat may take to connect, register and join (generous: the
# tests also run beside "make check -j" on a busy machine).
JOIN_TIMEOUT = 20.0
# How long one message, topic or nick change may take to show up.
STEP_TIMEOUT = 10.0
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


def weechat_known_caps(major):
    """The capabilities of natterd's list that this WeeChat supports, so
    that its default irc.server.*.capabilities "*" requests them: WeeChat
    3.8 asks for these four (seen on the wire); batch and echo-message came
    with WeeChat 4.0."""
    caps = {"away-notify", "message-tags", "multi-prefix", "server-time"}
    if major >= 4:
        caps |= {"batch", "echo-message"}
    return caps


def startup_commands(port, tls_option, capabilities=None, tls=False):
    """The commands WeeChat runs at startup (-r), in order.  They are
    evaluated and split on ';', so none may contain either.  capabilities,
    if given, replaces WeeChat's default ("*") for the natter server; with
    tls, WeeChat connects with TLS, without verifying natterd's self-signed
    certificate."""
    server = "irc.server.natter."
    extra = []
    if capabilities is not None:
        extra.append("/set %scapabilities %s" % (server, capabilities))
    if tls:
        extra += ["/set %s%s on" % (server, tls_option),
                  "/set %s%s_verify off" % (server, tls_option)]
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
    ] + extra + [
        "/connect natter",
    ]


class WeeChat(NatterdTestCase):

    tls_option = "ssl"
    major = 0
    use_tls = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.major = weechat_major()
        # WeeChat 4 renamed the "ssl" server options to "tls".
        if cls.major >= 4:
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

    def start_weechat(self, capabilities=None):
        """Start WeeChat against natterd; it connects and autojoins ROOM."""
        port = self.server.tls_port if self.use_tls else self.server.port
        cmds = ";".join(startup_commands(port, self.tls_option,
                                         capabilities, self.use_tls))
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

    def log_entries(self, buffer):
        """(time, prefix, message) of each line WeeChat logged for a buffer
        ("irc.natter.#room", "irc.server.natter"); time is the line's
        date (logger's default "%Y-%m-%d %H:%M:%S", local time) as a Unix
        time, or None if it cannot be read."""
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
                try:
                    when = time.mktime(time.strptime(parts[0],
                                                     "%Y-%m-%d %H:%M:%S"))
                except ValueError:
                    when = None
                # WeeChat logs a room operator as "@nick": keep the nick.
                out.append((when, parts[1].lstrip("@"), parts[2]))
        return out

    def log_lines(self, buffer):
        """(prefix, message) of each line WeeChat logged for a buffer."""
        return [(p, m) for _, p, m in self.log_entries(buffer)]

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

    def join_weechat(self, capabilities=None):
        """Start WeeChat, see its JOIN from the scripted client, and wait
        until WeeChat has the room's buffer (its own join is logged)."""
        self.start_weechat(capabilities)
        join = self.scripted.expect(
            lambda m: m.command == "JOIN" and m.nick == WEE_NICK,
            timeout=JOIN_TIMEOUT)
        self.wait_log(ROOM_BUFFER,
                      lambda p, m: WEE_NICK in m and "joined" in m,
                      "its own join")
        return join

    # --- capabilities and history --------------------------------------------

    CAP_LINE_RE = re.compile(r"client capability, ([a-z ]+): ?(.*)$")

    def cap_report(self, kind, timeout=JOIN_TIMEOUT):
        """The capabilities WeeChat reported in its server buffer in its
        "irc: client capability, KIND: a b c" line ("server supports",
        "requesting", "enabled", "currently enabled", "refused"), as a set;
        the last such line; waits for it."""
        def pred(p, m):
            r = self.CAP_LINE_RE.search(m)
            return r is not None and r.group(1) == kind
        self.wait_log("irc.server.natter", pred,
                      '"client capability, %s"' % kind, timeout)
        found = None
        for p, m in self.log_lines("irc.server.natter"):
            r = self.CAP_LINE_RE.search(m)
            if r and r.group(1) == kind:
                found = set(r.group(2).split())
        return found

    def cap_kinds(self):
        """Every kind of "client capability" line WeeChat logged."""
        return {r.group(1) for r in (self.CAP_LINE_RE.search(m) for _, m
                                     in self.log_lines("irc.server.natter"))
                if r}

    def post_history(self):
        """Before WeeChat joins, the scripted client says three lines in
        ROOM (UTF-8, an ACTION) and sets its topic.  Returns (lines, topic,
        t0, t1): lines as (kind, text), kind "msg" or "action", and the
        clock before and after."""
        tok = unique("h")
        lines = [("msg", "first %s ünïcødé ✓ 你好" % tok),
                 ("action", "waves at everyone %s ✓" % tok),
                 ("msg", "third %s: done" % tok)]
        topic = "history topic %s ✓" % tok
        t0 = time.time()
        for kind, text in lines:
            if kind == "action":
                text = "\x01ACTION %s\x01" % text
            self.scripted.privmsg(ROOM, text)
        self.scripted.send_line("TOPIC %s :%s" % (ROOM, topic))
        self.scripted.expect("TOPIC")
        self.scripted.drain()
        return lines, topic, t0, time.time()

    def room_after_join(self):
        """ROOM's log entries after WeeChat's own (last) join."""
        entries = self.log_entries(ROOM_BUFFER)
        start = 0
        for i, (_, p, m) in enumerate(entries):
            if WEE_NICK in m and "joined" in m:
                start = i
        return entries[start:]

    def wait_in_order(self, preds, what, timeout=STEP_TIMEOUT):
        """Wait until ROOM's log, after WeeChat's join, has lines matching
        preds (predicates over (time, prefix, message)) in this order;
        return those entries.  Each must match exactly one line."""
        deadline = time.monotonic() + timeout
        while True:
            entries = self.room_after_join()
            found = []
            pos = 0
            for pred in preds:
                while pos < len(entries) and not pred(*entries[pos]):
                    pos += 1
                if pos == len(entries):
                    break
                found.append(entries[pos])
                pos += 1
            if len(found) == len(preds):
                for pred, entry in zip(preds, found):
                    n = sum(1 for e in entries if pred(*e))
                    self.assertEqual(n, 1, "%s: %r is in the log %d times"
                                     % (what, entry, n))
                return found
            self.check_alive()
            if time.monotonic() >= deadline:
                self.fail("WeeChat never logged %s in order; after its join "
                          "it has:\n  %s" % (what, "\n  ".join(
                              repr(e) for e in entries)))
            time.sleep(0.05)

    def check_notice_replay(self, lines, topic, t0, t1):
        """The replay as natterd's NOTICE block (no batch): one notice from
        the server per line, between the opening and closing markers, each
        with the original time (natterd's local time, to the minute), the
        nick and the text."""
        server = re.escape(self.scripted.server_name)
        minutes = {time.strftime("%Y-%m-%d %H:%M", time.localtime(t))
                   for t in range(int(t0), int(t1) + 2)}
        nick = "scripted"

        def notice(pattern):
            rx = re.compile(r"^Notice\(%s\)(?: -> %s)?: %s$"
                            % (server, re.escape(ROOM), pattern))

            def pred(when, prefix, message):
                r = rx.match(message)
                return r is not None and (
                    not r.groups() or r.group(1) in minutes)
            pred.__doc__ = pattern
            return pred

        preds = [notice(re.escape("-- %d earlier messages in %s --"
                                  % (len(lines) + 1, ROOM)))]
        for kind, text in lines:
            fmt = "<%s> %s" if kind == "msg" else "* %s %s"
            preds.append(notice(r"\[(.{16})\] " + re.escape(fmt % (nick,
                                                                    text))))
        preds.append(notice(r"\[(.{16})\] " + re.escape(
            "-- %s set the topic: %s" % (nick, topic))))
        preds.append(notice(re.escape("-- end of earlier messages --")))
        self.wait_in_order(preds, "the history NOTICE block")

    def check_batch_replay(self, lines, topic, t0, t1):
        """The replay as a chathistory batch: WeeChat shows each line as the
        message it was, from the scripted client, at its original time
        (server-time), before WeeChat's own join."""
        nick = "scripted"
        preds = []
        for kind, text in lines:
            if kind == "msg":
                preds.append(lambda w, p, m, text=text:
                             p == nick and m == text)
            else:
                preds.append(lambda w, p, m, text=text:
                             p.strip() == "*" and m == "%s %s" % (nick, text))
        preds.append(lambda w, p, m: nick in m and "topic" in m
                     and topic in m and p.strip() == "--")
        found = self.wait_in_order(preds, "the replayed history")
        # The join line's date is WeeChat's clock when it joined; the
        # replayed lines keep the times natterd stored (the logger writes
        # whole seconds, and the test waited two of them before joining).
        joined = self.room_after_join()[0][0]
        for when, prefix, message in found:
            self.assertIsNotNone(when)
            self.assertTrue(int(t0) <= when <= int(t1) < joined,
                            "%r logged at %s, said between %s and %s, "
                            "WeeChat joined at %s" % (
                                message, time.ctime(when), time.ctime(t0),
                                time.ctime(t1), time.ctime(joined)))

    def tagged_client(self, nick, caps):
        """A scripted client with capabilities, in ROOM."""
        c = self.connect(name=nick)
        c.send_line("CAP LS 302")
        c.send_line("CAP REQ :" + " ".join(caps))
        c.expect(lambda m: m.command == "CAP" and m.param(1) == "ACK")
        c.send_line("CAP END")
        c.register(nick)
        c.join(ROOM)
        return c

    def count_in_room(self, pred):
        return sum(1 for p, m in self.log_lines(ROOM_BUFFER) if pred(p, m))

    def settle(self):
        """Have the scripted client say a marker and wait until WeeChat
        logged it: natterd delivers in order, so whatever it sent WeeChat
        before is in the log by then."""
        marker = unique("marker")
        self.scripted.privmsg(ROOM, marker)
        self.wait_log(ROOM_BUFFER, lambda p, m: m == marker, "the marker")

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
        # Past natterd's answers to WeeChat's "MODE #interop" and "WHO
        # #interop", WeeChat still talks in the room.
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


    def test_capabilities(self):
        offered = offered_caps(self.server)
        self.join_weechat()
        # WeeChat saw natterd's offer, asked for what it knows of it, and
        # natterd acknowledged the whole request: nothing refused.
        self.assertEqual(self.cap_report("server supports"), offered)
        # "*": whatever it knows of the offer (should natterd offer more
        # later, WeeChat may know that too).
        requested = self.cap_report("requesting")
        self.assertLessEqual(requested, offered)
        if self.major:
            self.assertLessEqual(offered & weechat_known_caps(self.major),
                                 requested)
        self.assertEqual(self.cap_report("enabled"), requested)
        self.assertNotIn("refused", self.cap_kinds())
        # CAP LIST after registration says the same.
        self.command("irc.server.natter", "/cap list")
        self.assertEqual(self.cap_report("currently enabled"), requested)

    def test_history_replay(self):
        # WeeChat's own choice: 3.8 has no batch, so it gets the NOTICE
        # block; WeeChat 4 asks for batch and server-time.
        lines, topic, t0, t1 = self.post_history()
        if self.major >= 4:
            time.sleep(2.1)
        self.join_weechat()
        caps = self.cap_report("enabled")
        if {"batch", "server-time"} <= caps:
            self.check_batch_replay(lines, topic, t0, t1)
        else:
            self.check_notice_replay(lines, topic, t0, t1)
        # The topic came with the join as well.
        self.wait_log(ROOM_BUFFER, lambda p, m: topic in m
                      and "Topic for" in m, "the topic on join")
        # Later lines arrive live, once, after the replay.
        live = "live after replay %s" % unique("l")
        self.scripted.privmsg(ROOM, live)
        self.wait_log(ROOM_BUFFER, lambda p, m: p == "scripted"
                      and m == live, "the live line")
        self.settle()
        self.assertEqual(self.count_in_room(lambda p, m: live in m), 1)

    def test_history_replay_batch(self):
        # Asked for explicitly (WeeChat 3.8 does not by default), batch
        # and server-time bring the history as the messages themselves with
        # their original times.  WeeChat 3.8 does not know the BATCH
        # command itself (it notes 'command "BATCH" not found' in the
        # server buffer) but shows the lines inside with their @time.
        lines, topic, t0, t1 = self.post_history()
        # Let the clock move on, so a line logged at WeeChat's join time
        # cannot pass for one with its original time.
        time.sleep(2.1)
        self.join_weechat("*,batch")
        caps = self.cap_report("enabled")
        self.assertLessEqual({"batch", "server-time"}, caps)
        self.check_batch_replay(lines, topic, t0, t1)
        # Nothing of the NOTICE form as well.
        self.assertEqual(self.count_in_room(
            lambda p, m: "earlier messages" in m), 0)

    def test_messages_with_caps(self):
        self.join_weechat()
        caps = self.cap_report("enabled")
        self.assertIn("server-time", caps)
        # A client of ours that gets its own line back, with the time
        # natterd stamped it with.
        timed = self.tagged_client("timed", ["server-time", "echo-message"])
        self.wait_log(ROOM_BUFFER, lambda p, m: "timed" in m and "joined" in m,
                      "timed's join")
        text = "stamped ✓ %s" % unique("s")
        timed.privmsg(ROOM, text)
        echo = timed.expect(lambda m: m.command == "PRIVMSG"
                            and m.text == text, timeout=STEP_TIMEOUT)
        stamp = calendar.timegm(time.strptime(echo.tags["time"][:19],
                                              "%Y-%m-%dT%H:%M:%S"))
        self.wait_log(ROOM_BUFFER, lambda p, m: p == "timed" and m == text,
                      "timed's message")
        for when, prefix, message in self.log_entries(ROOM_BUFFER):
            if message == text:
                # server-time: WeeChat dates the line with natterd's stamp
                # (whole seconds; one second of slack for rounding).
                self.assertLessEqual(abs(when - stamp), 1,
                                     "logged %s, stamped %s" % (
                                         time.ctime(when), echo.tags["time"]))
        # WeeChat -> room: a message, an ACTION and a NOTICE, each received
        # once by the others and shown once by WeeChat, whether or not it
        # has echo-message (natterd must not echo to a client that did not
        # ask; WeeChat 4 asks and shows the echo in place of its own line).
        said = "from weechat %s 你好 ✓" % unique("w")
        self.say(said)
        acted = "dances %s ✓" % unique("a")
        self.say("/me " + acted)
        noticed = "weechat notice %s" % unique("n")
        self.command(ROOM_BUFFER, "/notice %s %s" % (ROOM, noticed))
        want = [("PRIVMSG", said), ("PRIVMSG", "\x01ACTION %s\x01" % acted),
                ("NOTICE", noticed)]
        for c in (self.scripted, timed):
            got = [c.expect(lambda m: m.command in ("PRIVMSG", "NOTICE")
                            and m.nick == WEE_NICK, timeout=STEP_TIMEOUT)
                   for _ in want]
            self.assertEqual([(m.command, m.text) for m in got], want, c)
            for m in got:
                self.assertEqual(m.params[0], ROOM, m)
            rest = [m for m in c.drain() if m.nick == WEE_NICK]
            self.assertEqual(rest, [], c)
        self.assertIn("time", got[0].tags)
        self.settle()
        self.assertEqual(self.count_in_room(
            lambda p, m: p == WEE_NICK and m == said), 1)
        self.assertEqual(self.count_in_room(
            lambda p, m: p.strip() == "*" and acted in m), 1)
        self.assertEqual(self.count_in_room(lambda p, m: noticed in m), 1)

    def test_echo_message(self):
        # WeeChat 4 takes echo-message by default; 3.8 is made to ask for
        # it.  natterd must echo WeeChat's line exactly once: WeeChat 4
        # shows it once, 3.8 (which does not know echo-message) shows its
        # own copy and natterd's echo.
        self.join_weechat(None if self.major >= 4 else "*,echo-message")
        self.assertIn("echo-message", self.cap_report("enabled"))
        said = "echoed once %s ✓" % unique("e")
        self.say(said)
        m = self.scripted.expect(lambda m: m.command == "PRIVMSG",
                                 timeout=STEP_TIMEOUT)
        self.assertEqual((m.nick, m.params), (WEE_NICK, [ROOM, said]), m)
        self.settle()
        self.assertEqual([m for m in self.scripted.drain()
                          if m.nick == WEE_NICK], [])
        shown = self.count_in_room(lambda p, m: p == WEE_NICK and m == said)
        self.assertEqual(shown, 1 if self.major >= 4 else 2)


    def test_room_owner_commands(self):
        # Made a room operator, WeeChat's /mode, /invite, /voice, /ban and
        # /kickban do what a WeeChat user expects of them.
        self.join_weechat()
        victim = self.registered("victim", user="vic")
        victim.join(ROOM)
        guest = self.registered("guest", user="gus")
        self.wait_log(ROOM_BUFFER, lambda p, m: "victim" in m and "joined" in m,
                      "victim's join")
        self.scripted.send_line("MODE %s +o %s" % (ROOM, WEE_NICK))
        self.wait_log(ROOM_BUFFER, lambda p, m: "+o " + WEE_NICK in m,
                      "its +o")
        self.scripted.drain()

        def mode_seen(what):
            m = self.scripted.expect(lambda m: m.command == "MODE",
                                     timeout=STEP_TIMEOUT)
            self.assertEqual(m.nick, WEE_NICK, (what, m))
            return m.params

        self.say("/mode +i")
        self.assertEqual(mode_seen("+i"), [ROOM, "+i"])
        guest.send_line("JOIN " + ROOM)
        self.assertEqual(guest.expect(lambda m: m.command.isdigit()).command,
                         "473")
        self.say("/invite guest")
        m = guest.expect("INVITE", timeout=STEP_TIMEOUT)
        self.assertEqual((m.nick, m.params), (WEE_NICK, ["guest", ROOM]))
        self.assertIn("JOIN", [x.command for x in guest.join(ROOM)])
        # WeeChat voices only a nick it knows is there.
        self.wait_log(ROOM_BUFFER, lambda p, m: "guest" in m and "joined" in m,
                      "guest's join")
        self.say("/voice guest")
        self.assertEqual(mode_seen("+v"), [ROOM, "+v", "guest"])
        self.wait_log(ROOM_BUFFER, lambda p, m: "+v guest" in m,
                      "the voice it gave")
        self.say("/kickban victim out you go")
        params = mode_seen("+b")
        self.assertEqual(params[:2], [ROOM, "+b"], params)
        m = victim.expect("KICK", timeout=STEP_TIMEOUT)
        self.assertEqual(m.params[:2], [ROOM, "victim"], m)
        victim.send_line("JOIN " + ROOM)
        self.assertEqual(victim.expect(lambda m: m.command.isdigit()).command,
                         "474")
        # A banned but voiced member is still heard.
        self.say("/ban guest")
        self.assertEqual(mode_seen("+b")[:2], [ROOM, "+b"])
        word = unique("voiced")
        guest.privmsg(ROOM, word)
        self.wait_log(ROOM_BUFFER, lambda p, m: m == word,
                      "the voiced member's line")


class WeeChatTLS(WeeChat):
    """WeeChat over TLS (its own TLS options, verification off for
    natterd's self-signed certificate) with the scripted client in plain
    text: joining, and messages both ways."""

    use_tls = True
    keep = {"test_connect_register_join", "test_message_from_weechat",
            "test_message_to_weechat"}

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-weechat-tls-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state)
        super().setUp()

    def join_weechat(self, *args, **kw):
        join = super().join_weechat(*args, **kw)
        # natterd says in WHOIS that the connection is TLS (671).
        self.scripted.send_line("WHOIS " + WEE_NICK)
        whois = self.scripted.lines_until("318")
        self.assertIn("671", [m.command for m in whois], whois)
        return join


for _name in [n for n in dir(WeeChat) if n.startswith("test_")]:
    if _name not in WeeChatTLS.keep:
        setattr(WeeChatTLS, _name, None)


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
