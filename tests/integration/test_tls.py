"""natterd over TLS: the handshake and chat between a TLS and a plain-text
client, client certificates in WHOIS, the plain door through gnutls-cli,
the certificate made in --state-dir (its fingerprint, its key's mode, kept
across kill -9), SIGHUP with a new and with a broken certificate, discovery
answers, and abuse: garbage instead of a ClientHello, stalled and
half-finished handshakes, renegotiation, key updates, a TLS client that
stops reading, a megabyte without a newline; records that arrive together
or in pieces."""

import base64
import hashlib
import os
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import tempfile
import threading
import time
import unittest

from natterd_harness import (Natterd, NatterdTestCase, main, natterd_path,
                             proc_status, rss_kb, slowdown)

GNUTLS_CLI = shutil.which("gnutls-cli")
# natterd's handshake deadline (TLS_HANDSHAKE_SECONDS) and some slack.
HANDSHAKE_DEADLINE = 10
SLACK = 5


def fingerprint_of(der):
    """natterd's form of a certificate's fingerprint."""
    return "SHA256:" + base64.b64encode(
        hashlib.sha256(der).digest()).decode().rstrip("=")


def make_cert(folder):
    """A self-signed certificate and key, made by natterd --fingerprint in
    a state dir of their own; returns (cert, key, fingerprint)."""
    out = subprocess.run([natterd_path(), "--state-dir", folder,
                          "--fingerprint"], capture_output=True, text=True,
                         timeout=30, check=True)
    return (os.path.join(folder, "tls-cert.pem"),
            os.path.join(folder, "tls-key.pem"), out.stdout.strip())


def threads_of(pid):
    return proc_status(pid, "Threads")


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def wait_for(pred, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


class TLSTestCase(NatterdTestCase):
    """A natterd with a state dir of its own, so it serves TLS."""

    extra_args = ()

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-tls-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state) + tuple(self.extra_args)
        super().setUp()

    def tls_client(self, nick=None, **kw):
        c = self.connect(tls=True, name=nick, **kw)
        if nick:
            c.register(nick)
        return c

    def served_fingerprint(self, server=None):
        c = (server or self.server).client(tls=True)
        try:
            return fingerprint_of(c.sock.getpeercert(binary_form=True))
        finally:
            c.close()


class Basics(TLSTestCase):
    extra_args = ("--oper", "boss:pw")

    def test_tls_and_plain_clients_chat_in_one_room(self):
        t = self.tls_client("tlsuser")
        self.assertIn(t.sock.version(), ("TLSv1.2", "TLSv1.3"))
        p = self.registered("plainuser")
        t.join("#both")
        p.join("#both")
        t.expect(lambda m: m.command == "JOIN" and m.nick == "plainuser")
        t.privmsg("#both", "over TLS, ünïcode")
        m = p.expect("PRIVMSG")
        self.assertEqual((m.nick, m.text), ("tlsuser", "over TLS, ünïcode"))
        p.privmsg("#both", "in clear")
        m = t.expect("PRIVMSG")
        self.assertEqual((m.nick, m.text), ("plainuser", "in clear"))
        # No client certificate: no 276; over TLS: 671, for everybody.
        t.send_line("WHOIS tlsuser")
        whois = t.lines_until("318")
        self.assertNotIn("276", [m.command for m in whois], whois)
        p.send_line("WHOIS tlsuser")
        self.assertIn("671", [m.command for m in p.lines_until("318")])
        t.send_line("WHOIS plainuser")
        self.assertNotIn("671", [m.command for m in t.lines_until("318")])
        # QUIT over TLS ends with ERROR and a clean close.
        t.send_line("QUIT :done")
        msgs = t.read_until_closed()
        self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertIn("done", p.expect("QUIT").text)

    def test_startup_log_and_fingerprint_option_agree(self):
        served = self.served_fingerprint()
        self.assertTrue(any("fingerprint " + served in l
                            for l in self.server.lines), self.server.lines)
        out = subprocess.run([natterd_path(), "--state-dir", self.state,
                              "--fingerprint"], capture_output=True,
                             text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, served + "\n")
        key = os.stat(os.path.join(self.state, "tls-key.pem"))
        self.assertEqual(stat.S_IMODE(key.st_mode), 0o600)

    def test_client_certificate_in_whois(self):
        cert, key, fp = make_cert(os.path.join(self.state, "client"))
        owner = self.connect(tls=True, certfile=cert, keyfile=key)
        owner.register("owner")
        other = self.registered("other")
        owner.send_line("WHOIS owner")
        whois = owner.lines_until("318")
        certfp = [m for m in whois if m.command == "276"]
        self.assertEqual(len(certfp), 1, whois)
        self.assertEqual(certfp[0].params[1], "owner")
        self.assertTrue(certfp[0].text.endswith(" " + fp), certfp[0])
        # Others do not see it, opers do.
        other.send_line("WHOIS owner")
        self.assertNotIn("276", [m.command for m in other.lines_until("318")])
        other.send_line("OPER boss pw")
        other.expect("381")
        other.send_line("WHOIS owner")
        certfp = [m for m in other.lines_until("318") if m.command == "276"]
        self.assertEqual(len(certfp), 1)
        self.assertTrue(certfp[0].text.endswith(" " + fp), certfp[0])

    def test_no_plain_port_when_asked(self):
        server = self.start_server("--state-dir",
                                   os.path.join(self.state, "tlsonly"),
                                   "--no-plain-port")
        self.assertEqual(server.port, server.tls_port)
        self.assertFalse(any("listening" in l and "(TLS)" not in l
                             for l in server.lines), server.lines)
        c = server.client(tls=True)
        c.register("only")
        c.close()

    def test_plain_bind_leaves_tls_on_the_other_address(self):
        server = self.start_server("--state-dir",
                                   os.path.join(self.state, "pb"),
                                   "--plain-bind", "127.0.0.2",
                                   bind="127.0.0.1")
        plain = [l for l in server.lines if "listening" in l and "TLS" not in l]
        tls = [l for l in server.lines if "listening" in l and "(TLS)" in l]
        self.assertIn("127.0.0.2", plain[0])
        self.assertIn("127.0.0.1", tls[0])

    def test_discovery_answer_carries_port_and_fingerprint(self):
        served = self.served_fingerprint()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.settimeout(5)
            # Padded to natter's 96 bytes; a value is at most 64.
            u.sendto(b"NATTER? 1 pad=" + b"x" * 40 + b" pad=" + b"y" * 36
                     + b"\n",
                     ("127.0.0.1", self.server.port))
            answer = u.recv(512).decode()
        words = dict(w.split("=", 1) for w in answer.split()[2:])
        self.assertEqual(int(words["tls"]), self.server.tls_port, answer)
        self.assertEqual(words["fp"], served, answer)


class PlainDoor(TLSTestCase):

    def gnutls_cli(self, *extra):
        """gnutls-cli at natterd's TLS port, not checking its certificate,
        stdin and stdout piped."""
        cli = subprocess.Popen(
            [GNUTLS_CLI, "--insecure"] + list(extra) +
            ["-p", str(self.server.tls_port), "127.0.0.1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        self.addCleanup(cli.kill)
        return cli

    @unittest.skipUnless(GNUTLS_CLI, "gnutls-cli (gnutls-bin) not installed")
    def test_gnutls_cli_gets_the_greeting_in_words(self):
        p = self.registered("ircuser")
        p.join("#lobby")
        cli = self.gnutls_cli()
        got = bytearray()
        lock = threading.Lock()

        def pump():
            for chunk in iter(lambda: cli.stdout.read1(4096), b""):
                with lock:
                    got.extend(chunk)

        threading.Thread(target=pump, daemon=True).start()

        def seen(text):
            with lock:
                return text in got

        self.assertTrue(wait_for(lambda: seen(b"Choose a nickname"), 10),
                        bytes(got))
        cli.stdin.write(b"termuser\n")
        cli.stdin.flush()
        self.assertTrue(wait_for(lambda: seen(b"Hello termuser"), 5),
                        bytes(got))
        cli.stdin.write(b"hello from a terminal\n")
        cli.stdin.flush()
        m = p.expect(lambda m: m.command == "PRIVMSG")
        self.assertEqual((m.nick, m.text), ("termuser", "hello from a terminal"))
        p.privmsg("#lobby", "hi terminal")
        self.assertTrue(wait_for(lambda: seen(b"<ircuser> hi terminal"), 5),
                        bytes(got))
        cli.stdin.close()
        cli.wait(10)
        cli.stdout.close()

    @unittest.skipUnless(GNUTLS_CLI, "gnutls-cli (gnutls-bin) not installed")
    def test_key_update_and_renegotiation(self):
        # A TLS 1.3 client that renews its keys and asks for ours: the
        # reader takes it in, the writer answers; chat goes on.
        p = self.registered("watcher")
        p.join("#k")
        cli = self.gnutls_cli("--inline-commands")
        cli.stdin.write(b"NICK rekeyer\r\nUSER r 0 * :r\r\nJOIN #k\r\n")
        cli.stdin.flush()
        p.expect(lambda m: m.command == "JOIN" and m.nick == "rekeyer")
        for i in range(3):
            cli.stdin.write(b"^rekey1^\n")
            cli.stdin.write(b"PRIVMSG #k :after rekey %d\r\n" % i)
            cli.stdin.flush()
            m = p.expect("PRIVMSG")
            self.assertEqual(m.text, "after rekey %d" % i)
            p.privmsg("#k", "back %d" % i)
            time.sleep(1.1)   # GnuTLS takes one key update a second
        cli.stdin.write(b"QUIT :bye\r\n")
        cli.stdin.flush()
        self.assertIn("bye", p.expect("QUIT").text)
        out = cli.communicate(timeout=10)[0]
        self.assertIn(b"back 2", out)

        # TLS 1.2 renegotiation: refused by closing, never answered.
        cli = self.gnutls_cli("--inline-commands",
                              "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2")
        cli.stdin.write(b"NICK reneg\r\nUSER r 0 * :r\r\nJOIN #k\r\n")
        cli.stdin.flush()
        p.expect(lambda m: m.command == "JOIN" and m.nick == "reneg")
        cli.stdin.write(b"^renegotiate^\n")
        cli.stdin.flush()
        m = p.expect("QUIT", timeout=10)
        self.assertEqual(m.nick, "reneg")
        self.assertIn("renegotiation", m.text)
        cli.stdin.close()
        cli.wait(10)
        p.send_line("PING fine")
        self.assertEqual(p.expect("PONG").text, "fine")


class Handshakes(TLSTestCase):

    def test_garbage_instead_of_client_hello(self):
        s = socket.create_connection(("127.0.0.1", self.server.tls_port), 5)
        s.sendall(b"NICK notls\r\nUSER a 0 * :a\r\n" + os.urandom(200))
        start = time.monotonic()
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
        self.assertLess(time.monotonic() - start, 3)
        s.close()
        self.assertTrue(wait_for(lambda: any(
            "TLS handshake with 127.0.0.1 failed" in l
            for l in self.server.lines), 3), self.server.log_text())
        # The server goes on.
        self.tls_client("after")

    def test_a_flood_of_failed_handshakes_is_logged_in_bounds(self):
        for _ in range(40):
            s = socket.create_connection(("127.0.0.1", self.server.tls_port), 5)
            s.sendall(b"GET / HTTP/1.0\r\n\r\n" * 20)
            try:
                while s.recv(4096):
                    pass
            except ConnectionResetError:
                pass
            s.close()
        self.assertEqual(self.server.stop(), 0)
        lines = self.server.lines
        self.assertEqual(len([l for l in lines if "TLS handshake with" in l]),
                         10, lines)
        self.assertEqual(len([l for l in lines if
                              "30 more TLS handshakes failed" in l]), 1, lines)

    def test_stalled_handshake_meets_its_deadline(self):
        pid = self.server.pid
        time.sleep(0.5)
        threads, fds = threads_of(pid), open_fds(pid)
        s = socket.create_connection(("127.0.0.1", self.server.tls_port), 5)
        # Half a ClientHello's record header, then nothing.
        s.sendall(b"\x16\x03\x01")
        self.assertTrue(wait_for(lambda: threads_of(pid) ==
                                 threads + 1, 3))
        start = time.monotonic()
        s.settimeout(HANDSHAKE_DEADLINE + SLACK)
        try:
            self.assertEqual(s.recv(4096), b"")
        except ConnectionResetError:
            pass
        waited = time.monotonic() - start
        self.assertGreater(waited, HANDSHAKE_DEADLINE - 1)
        self.assertLess(waited, HANDSHAKE_DEADLINE + SLACK)
        s.close()
        self.assertTrue(wait_for(lambda: threads_of(pid) ==
                                 threads and open_fds(pid) == fds, 3),
                        (threads_of(pid), threads,
                         open_fds(pid), fds))
        # natterd's log reaches us through a pipe and a thread: wait.
        self.assertTrue(wait_for(lambda: any(
            "handshake timed out" in l for l in self.server.lines), 3),
            self.server.log_text())

    def test_many_half_finished_handshakes_cost_one_thread_each(self):
        pid = self.server.pid
        time.sleep(0.5)
        threads = threads_of(pid)
        rss = rss_kb(pid)
        n = 200
        socks = []
        for i in range(n):
            s = socket.create_connection(("127.0.0.1", self.server.tls_port),
                                         5)
            # Some say nothing, some start a record and stop.
            if i % 2:
                s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
            socks.append(s)
        self.assertTrue(wait_for(lambda: threads_of(pid) ==
                                 threads + n, 5),
                        (threads_of(pid), threads + n))
        grown = rss_kb(pid) - rss
        # Well under 100 KiB each (a thread's touched stack and a session);
        # a sanitizer's shadow memory makes it more.
        if slowdown() == 1:
            self.assertLess(grown, n * 100,
                            "%d KiB for %d handshakes" % (grown, n))
        # Meanwhile a real client is served at once.
        c = self.tls_client("meanwhile")
        c.send_line("PING ok")
        self.assertEqual(c.expect("PONG").text, "ok")
        # They are all closed by the deadline, and their threads are gone.
        self.assertTrue(wait_for(lambda: threads_of(pid) ==
                                 threads + 2, HANDSHAKE_DEADLINE + SLACK),
                        (threads_of(pid), threads + 2))
        for s in socks:
            s.close()

    def test_shutdown_during_handshakes_is_prompt(self):
        socks = [socket.create_connection(("127.0.0.1",
                                           self.server.tls_port), 5)
                 for _ in range(20)]
        time.sleep(0.5)
        start = time.monotonic()
        self.assertEqual(self.server.stop(), 0)
        self.assertLess(time.monotonic() - start, 2.5)
        self.assertFalse(any("still busy" in l for l in self.server.lines),
                         self.server.lines)
        for s in socks:
            s.close()


class Records(TLSTestCase):
    """natterd asks GnuTLS for a record only once the socket has bytes (so
    an idle client holds no record-sized buffer): records that arrive
    together in one segment, and a record in pieces, even pieces a
    receive timeout apart, are all read at once.  The records are made
    with a memory BIO, so that the test decides how they reach the wire."""

    # Ping settings that make natterd's receive timeout one second; no
    # flood throttle for the burst.
    extra_args = ("--ping-interval", "4", "--ping-timeout", "4",
                  "--flood-rate", "0")

    def setUp(self):
        super().setUp()
        self.sock = socket.create_connection(
            ("127.0.0.1", self.server.tls_port), timeout=10)
        self.addCleanup(self.sock.close)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.incoming, self.outgoing)
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.sock.sendall(self.outgoing.read())
                self.feed()
        self.sock.sendall(self.outgoing.read())
        self.text = ""
        self.sock.sendall(self.records(["NICK rec", "USER r 0 * :r"]))
        self.read_until(" 001 rec ")
        self.name = self.text[1:self.text.index(" ")]

    def feed(self):
        data = self.sock.recv(65536)
        self.assertTrue(data, "natterd closed the connection")
        self.incoming.write(data)

    def records(self, lines):
        """The wire bytes of one TLS record per line."""
        for line in lines:
            self.tls.write((line + "\r\n").encode())
        return self.outgoing.read()

    def read_until(self, text, timeout=5):
        deadline = time.monotonic() + timeout * slowdown()
        while text not in self.text:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                self.text += self.tls.read(65536).decode()
            except ssl.SSLWantReadError:
                try:
                    self.feed()
                except socket.timeout:
                    self.fail("no %r in time; got %r" % (text,
                                                         self.text[-300:]))

    def assert_pongs(self, prefix, count):
        """Every PING from prefix0 to prefix<count-1> answered."""
        for i in range(count):
            self.assertIn(" PONG %s %s%d\r\n" % (self.name, prefix, i),
                          self.text)

    def test_many_records_in_one_segment(self):
        wire = self.records(["PING :r%d" % i for i in range(200)])
        self.sock.sendall(wire)
        self.read_until(" r199\r\n", 5)
        self.assert_pongs("r", 200)

    def test_one_record_of_many_lines(self):
        # More than natterd reads at a time: the rest waits in GnuTLS,
        # not on the socket.
        wire = self.records(["\r\n".join("PING :m%d" % i
                                          for i in range(1000))])
        self.sock.sendall(wire)
        self.read_until(" m999\r\n", 5)
        self.assert_pongs("m", 1000)

    def test_a_record_in_pieces(self):
        wire = self.records(["PING :whole"])
        # Inside the header, then inside the body past a receive timeout.
        for piece in (wire[:3], wire[3:10], wire[10:]):
            self.sock.sendall(piece)
            time.sleep(0.3 if len(piece) == 3 else 1.5)
        self.read_until(" whole\r\n", 2)
        # A record and the start of the next together, then the rest.
        wire = self.records(["PING :first", "PING :second"])
        cut = len(wire) - 4
        self.sock.sendall(wire[:cut])
        self.read_until(" first\r\n", 2)
        time.sleep(1.5)
        self.sock.sendall(wire[cut:])
        self.read_until(" second\r\n", 2)


class Abuse(TLSTestCase):
    extra_args = ("--flood-rate", "0")

    def test_tls_client_that_stops_reading_is_dropped(self):
        reader = self.registered("reader")
        reader.join("#a")
        stuck = self.connect(tls=True, rcvbuf=128 * 1024, name="stuck")
        stuck.register("stuck")
        stuck.join("#a")
        flooder = self.registered("flooder")
        flooder.join("#a")
        for c in (reader, stuck, flooder):
            c.drain()
        pad = "x" * 440
        gone = threading.Event()
        sent = [0]

        def flood():
            while sent[0] < 150000 and not gone.is_set():
                flooder.send_line("PRIVMSG #a :%d %s" % (sent[0], pad))
                sent[0] += 1

        t = threading.Thread(target=flood, daemon=True)
        t.start()
        got = 0
        quit_msg = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = reader.next_message(timeout=10)
            if m is None:
                break
            if m.command == "PRIVMSG":
                self.assertEqual(int(m.text.split()[0]), got)
                got += 1
            elif m.command == "QUIT" and m.nick == "stuck":
                quit_msg = m
                break
        gone.set()
        t.join(10)
        self.assertIsNotNone(quit_msg, "stuck TLS client never dropped "
                             "(%d sent, %d read)" % (sent[0], got))
        self.assertIn("SendQ exceeded", quit_msg.text)
        flooder.send_line("PING alive")
        self.assertEqual(flooder.expect(lambda m: m.command == "PONG",
                                        timeout=30).text, "alive")

    def test_megabyte_without_newline_over_tls(self):
        a = self.tls_client("aa")
        b = self.registered("bb")
        a.join("#a")
        b.join("#a")
        x = self.tls_client("xx")
        for _ in range(64):
            x.send_raw(b"z" * 16384)
        a.privmsg("#a", "during")
        self.assertEqual(b.expect("PRIVMSG").text, "during")
        x.send_raw(b"\r\n")
        x.send_line("PING after-flood")
        msgs = x.lines_until(
            lambda m: m.command == "PONG" and m.text == "after-flood",
            timeout=10)
        self.assertEqual([m.command for m in msgs[:-1]], ["417"], msgs)


class Certificates(TLSTestCase):

    def test_kill_9_and_restart_keeps_the_key(self):
        before = self.served_fingerprint()
        clients = [self.tls_client("k%d" % i) for i in range(3)]
        for c in clients:
            c.join("#keep")
        clients[0].privmsg("#keep", "said before the crash")
        clients[1].expect("PRIVMSG")
        self.server.kill()
        server = self.start_server(*self.server_args)
        self.assertEqual(self.served_fingerprint(server), before)
        c = server.client(tls=True)
        c.register("back")
        msgs = c.join("#keep") + c.drain()
        # The room's history came back too (replayed as NOTICEs).
        self.assertTrue(any("said before the crash" in m.text for m in msgs),
                        msgs)
        c.close()

    def test_sighup_reloads_and_refuses_a_broken_certificate(self):
        folder = os.path.join(self.state, "files")
        os.mkdir(folder)
        cert, key, fp1 = make_cert(os.path.join(self.state, "one"))
        cert2, key2, fp2 = make_cert(os.path.join(self.state, "two"))
        shutil.copy(cert, os.path.join(folder, "c.pem"))
        shutil.copy(key, os.path.join(folder, "k.pem"))
        server = self.start_server("--tls-cert", os.path.join(folder, "c.pem"),
                                   "--tls-key", os.path.join(folder, "k.pem"))
        self.assertEqual(self.served_fingerprint(server), fp1)
        old = server.client(tls=True)
        old.register("oldconn")
        # A renewed certificate: new connections get it, old ones go on.
        shutil.copy(cert2, os.path.join(folder, "c.pem"))
        shutil.copy(key2, os.path.join(folder, "k.pem"))
        server.send_signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: any(
            "reloaded, fingerprint " + fp2 in l for l in server.lines), 5),
            server.log_text())
        self.assertEqual(self.served_fingerprint(server), fp2)
        old.send_line("PING still")
        self.assertEqual(old.expect("PONG").text, "still")
        # A broken one (a key that does not match) is refused, fp2 stays.
        shutil.copy(key, os.path.join(folder, "k.pem"))
        server.send_signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: any(
            "not reloaded" in l for l in server.lines), 5), server.log_text())
        self.assertEqual(self.served_fingerprint(server), fp2)
        # And garbage.
        with open(os.path.join(folder, "c.pem"), "w") as f:
            f.write("not a certificate\n")
        server.send_signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: len([
            l for l in server.lines if "not reloaded" in l]) == 2, 5),
            server.log_text())
        self.assertEqual(self.served_fingerprint(server), fp2)
        old.close()


class Options(unittest.TestCase):

    def run_natterd(self, *args):
        return subprocess.run([natterd_path()] + list(args),
                              capture_output=True, text=True, timeout=30)

    def test_contradictions_are_refused(self):
        for args, said in (
                (["--tls-key", "k.pem"], "--tls-key needs --tls-cert"),
                (["--fingerprint"], "--fingerprint needs"),
                (["--no-plain-port"], "--no-plain-port needs TLS"),
                (["--tls-port", "70000"], "--tls-port wants 0 to 65535"),
                (["--tls-port", "x"], "--tls-port wants"),
                (["--tls-cert", "/nonexistent/c.pem", "--fingerprint"],
                 "/nonexistent/c.pem")):
            r = self.run_natterd(*args)
            self.assertEqual(r.returncode, 1, (args, r.stderr))
            self.assertIn(said, r.stderr, args)

    def test_without_certificate_tls_is_off_and_the_log_says_how(self):
        with Natterd() as server:
            self.assertIsNone(server.tls_port)
            self.assertTrue(any("TLS is off: give --tls-cert" in l
                                for l in server.lines), server.lines)

    def test_help_names_the_tls_options(self):
        r = self.run_natterd("--help")
        for opt in ("--tls-port", "--tls-cert", "--tls-key", "--fingerprint",
                    "--plain-bind", "--no-plain-port"):
            self.assertIn(opt, r.stdout)


if __name__ == "__main__":
    main()
