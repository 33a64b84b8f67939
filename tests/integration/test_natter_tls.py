"""natter over TLS, in tmux, against a scripted server (tls_fake.py) with
certificates made by openssl at test time: trust on first use (the key
shown and remembered in known_servers), the second use (accepted
quietly), a changed key (refused with both keys on screen, and not
retried), a pinned key (right and wrong), a CA given with --tls-ca; SASL
PLAIN and EXTERNAL (success, 904, 905, a server without the cap); and a
wrong PASS (464), which stops natter retrying.  Then the same trust
cases against a real natterd serving the certificate it made in its
--state-dir, with a plain client in the room hearing natter: first use
and second, a changed key, a pinned key, and discovery, whose answer's
fp= is accepted without a question.

Skips (77) without tmux or openssl.
"""

import base64
import os
import subprocess
import sys
import time

import tls_fake
from natterd_harness import main, natterd_path
from test_natter_ui import NICK, ROOM, TMUX, NatterTmux, natter_path

# How long natter is watched for a retry it must not make (its first
# back-off is 1 s).
NO_RETRY_WAIT = 3.5


class NatterTLSBase(NatterTmux):
    """natter in tmux with its own known_servers; helpers, no tests."""
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.data = os.path.join(self.home, "data")
        self.env["XDG_DATA_HOME"] = self.data
        self.env.pop("NATTER_SASL_PASS", None)
        self.known = os.path.join(self.data, "natter", "known_servers")
        self.cert = tls_fake.self_signed(self.home, "server")
        self.fp = tls_fake.fingerprint(self.cert)

    def serve(self, **kw):
        kw.setdefault("cert", self.cert)
        fake = tls_fake.FakeTLSServer(**kw)
        self.addCleanup(fake.close)
        self.port = fake.port
        return fake

    def joined(self, fake):
        self.assertTrue(fake.joined.wait(15), "natter never joined; "
                        "screen:\n" + self.screen())
        self.wait_text("-- %s joined %s" % (NICK, ROOM))

    def quit(self):
        self.command("/quit")
        self.wait_text("natter-exited-0")

    def assert_no_retry(self, fake):
        time.sleep(NO_RETRY_WAIT)
        self.assertEqual(fake.connections(), 1,
                         "natter connected again; screen:\n" + self.screen())
        self.assertIn("stopped", self.status_row())
        # Stopped is not stuck: /quit still leaves cleanly.
        self.quit()

    @staticmethod
    def flat(text):
        """Text without its white space: what natter wrapped compares
        with what it was."""
        return "".join(text.split())

    def wait_flat(self, text):
        self.wait(lambda s: self.flat(text) in self.flat(s),
                  "no %r on screen" % text)

    def restart_natter(self, *args):
        """Run natter again in the pane of the last one, which ended."""
        real = self.tmux

        def respawn(*a, check=True):
            if a and a[0] == "new-session":
                return real("respawn-pane", "-k", "-t", "ui", a[-1],
                            check=check)
            return real(*a, check=check)
        self.tmux = respawn
        try:
            self.start_natter(*args)
        finally:
            del self.tmux



class NatterTLS(NatterTLSBase):
    """natter against the scripted TLS server."""

    # --- trust ----------------------------------------------------------

    def test_first_use_then_known(self):
        fake = self.serve()
        self.start_natter("-t")
        self.joined(fake)
        self.command("/window 1")
        self.wait_flat("First connection to 127.0.0.1:%d" % self.port)
        self.wait_flat(self.fp)
        self.wait_status("%s on 127.0.0.1 [TLS]" % NICK)
        with open(self.known) as f:
            self.assertEqual(f.read(), "127.0.0.1:%d %s\n" % (self.port,
                                                              self.fp))
        self.command("/tls")
        self.wait_text("TLS: TLS1.3, cipher")
        self.wait_flat("TLS: the server's key is %s" % self.fp)
        self.wait_text("trusted because it was accepted on first use")
        self.quit()

        # Second use: accepted without a word about it.
        self.restart_natter("-t")
        self.joined(fake)
        self.assertNotIn("First connection", self.screen())
        self.command("/tls")
        self.wait_text("remembered in known_servers")
        with open(self.known) as f:
            self.assertEqual(len(f.read().splitlines()), 1)
        self.quit()

    def test_changed_key_refused(self):
        fake = self.serve()
        other = tls_fake.fingerprint(tls_fake.self_signed(self.home, "old"))
        os.makedirs(os.path.dirname(self.known))
        with open(self.known, "w") as f:
            f.write("# natter's known servers\n127.0.0.1:%d %s\n" %
                    (self.port, other))
        self.start_natter("-t")
        self.wait_flat("THE KEY OF 127.0.0.1:%d HAS CHANGED" % self.port)
        self.wait_flat("remembered: %s" % other)
        self.wait_flat("the server has now: %s" % self.fp)
        self.wait_flat("delete line 2 of %s" % self.known)
        self.assert_no_retry(fake)
        self.assertFalse(fake.joined.is_set())
        # Nothing but the handshake: no PASS, NICK or USER went out.
        self.assertEqual(fake.conns[0], [])
        with open(self.known) as f:
            self.assertNotIn(self.fp, f.read())

    def test_pinned_fingerprint(self):
        fake = self.serve()
        self.start_natter("--tls-fingerprint", self.fp)
        self.joined(fake)
        self.command("/tls")
        self.wait_text("pinned with --tls-fingerprint")
        self.assertFalse(os.path.exists(self.known))
        self.quit()

    def test_wrong_pinned_fingerprint(self):
        fake = self.serve()
        other = tls_fake.fingerprint(tls_fake.self_signed(self.home, "old"))
        self.start_natter("-t", "--tls-fingerprint", other)
        self.wait_flat("does not have the pinned key")
        self.wait_flat("expected: %s" % other)
        self.wait_flat("the server has: %s" % self.fp)
        self.assert_no_retry(fake)

    def test_ca_file(self):
        ca, crt, key = tls_fake.ca_and_server(self.home)
        chain = os.path.join(self.home, "chain.pem")
        with open(chain, "w") as out:
            for p in (crt, key):
                with open(p) as f:
                    out.write(f.read())
        fake = self.serve(cert=chain)
        self.start_natter("-t", "--tls-ca", ca, host="localhost")
        self.joined(fake)
        self.assertNotIn("First connection", self.screen())
        self.command("/tls")
        self.wait_text("a CA vouches for it as localhost")
        self.assertFalse(os.path.exists(self.known))
        self.quit()

    def discovered(self, fp):
        """natter without a host, finding the fake server by a discovery
        answer with tls= and fp=."""
        fake = self.serve()
        responder = tls_fake.responder(1, fake.port, fp)
        self.addCleanup(responder.close)
        self.start_natter(port=responder.port, host=None)
        return fake

    def test_discovered_key_accepted_quietly(self):
        fake = self.discovered(self.fp)
        self.joined(fake)
        self.command("/window 1")
        self.wait_flat("127.0.0.1:%d has the key its discovery answer "
                       "announced, %s" % (self.port, self.fp))
        self.assertNotIn("First connection", self.screen())
        self.wait_status("%s on 127.0.0.1 [TLS]" % NICK)
        with open(self.known) as f:
            self.assertEqual(f.read(), "127.0.0.1:%d %s\n" % (self.port,
                                                              self.fp))

    def test_discover_lists_tls_port(self):
        responder = tls_fake.responder(6667, 6697, self.fp)
        self.addCleanup(responder.close)
        r = subprocess.run([natter_path(), "-l", "-p", str(responder.port)],
                           env=self.env, capture_output=True, timeout=20)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"127.0.0.1 6667 tlsbox users=? rooms=? tls=6697\n",
                      r.stdout)

    def test_discovered_key_differs(self):
        other = tls_fake.fingerprint(tls_fake.self_signed(self.home, "old"))
        fake = self.discovered(other)
        self.wait_flat("does not have the key its discovery answer "
                       "announced")
        self.wait_flat("announced: %s" % other)
        self.assert_no_retry(fake)
        self.assertFalse(os.path.exists(self.known))

    def test_plain_server_on_tls(self):
        # A plain-text server where TLS was asked for: a clear error.
        fake = self.serve(cert=None)
        self.start_natter("-t")
        self.command("/window 1")
        self.wait_text("TLS handshake")
        self.assertFalse(fake.joined.is_set())

    # --- SASL -----------------------------------------------------------

    def test_sasl_plain(self):
        fake = self.serve(caps="server-time sasl=PLAIN,EXTERNAL")
        self.env["NATTER_SASL_PASS"] = "sesame 開け"
        self.start_natter("-t", "--sasl-user", "bob")
        self.joined(fake)
        self.command("/window 1")
        self.wait_text("SASL: SASL authentication successful")
        heard = fake.conns[0]
        self.assertIn("AUTHENTICATE PLAIN", heard)
        payload = base64.b64encode("\0bob\0sesame 開け".encode()).decode()
        self.assertIn("AUTHENTICATE " + payload, heard)
        self.assertIn("CAP REQ :sasl server-time", heard)
        # CAP END only after the login.
        self.assertGreater(heard.index("CAP END"),
                           heard.index("AUTHENTICATE " + payload))
        self.quit()

    def sasl_fails(self, code, words):
        fake = self.serve(caps="sasl", sasl=code)
        self.env["NATTER_SASL_PASS"] = "wrong"
        self.start_natter("-t", "--sasl-user", "bob")
        self.wait_flat("SASL login as bob failed (%s %s)" % (code, words))
        self.assert_no_retry(fake)
        self.assertFalse(fake.joined.is_set())

    def test_sasl_904(self):
        self.sasl_fails("904", "SASL authentication failed")

    def test_sasl_905(self):
        self.sasl_fails("905", "SASL message too long")

    def test_sasl_not_offered(self):
        fake = self.serve(caps="server-time")
        self.env["NATTER_SASL_PASS"] = "x"
        self.start_natter("-t", "--sasl-user", "bob")
        self.wait_flat("SASL: the server does not offer it")
        self.assert_no_retry(fake)
        self.assertFalse(fake.joined.is_set())

    def test_sasl_external(self):
        client = tls_fake.self_signed(self.home, "client", cn="bob")
        fake = self.serve(caps="sasl=EXTERNAL", client_ca=client)
        self.start_natter("--tls-cert", client, "--sasl-external")
        self.joined(fake)
        self.assertEqual(fake.client_fps, [tls_fake.fingerprint(client)])
        heard = fake.conns[0]
        self.assertIn("AUTHENTICATE EXTERNAL", heard)
        self.assertIn("AUTHENTICATE +", heard)
        # /tls shows the certificate natter presented (for CertFP).
        self.command("/window 1")
        self.command("/tls")
        self.wait_flat("TLS: your certificate's key is %s" %
                       tls_fake.fingerprint(client))
        self.quit()

    # --- PASS -------------------------------------------------------------

    def test_wrong_password_stops(self):
        fake = self.serve(cert=None, password="right")
        self.start_natter("-w", "wrong")
        self.wait_flat("The server refused the password (464 Password "
                       "incorrect)")
        self.assert_no_retry(fake)



class NatterToNatterdTLS(NatterTLSBase):
    """natter against a real natterd serving TLS with the certificate it
    made in its --state-dir: what a LAN user meets."""

    def setUp(self):
        super().setUp()
        self.state = os.path.join(self.home, "state")
        os.mkdir(self.state, 0o700)
        self.natterd = self.start_server("--state-dir", self.state)
        self.assertIsNotNone(self.natterd.tls_port)
        self.port = self.natterd.tls_port
        self.fp = subprocess.run(
            [natterd_path(), "--state-dir", self.state, "--fingerprint"],
            capture_output=True, text=True, timeout=30,
            check=True).stdout.strip()
        self.assertTrue(self.fp.startswith("SHA256:"), self.fp)
        # Somebody in the room, to see that natter's line went through TLS.
        self.bob = self.natterd.client(name="bob")
        self.clients.append(self.bob)
        self.bob.register("bob")
        self.bob.join(ROOM)

    def said(self, text):
        self.command(text)
        self.bob.expect(lambda m: m.command == "PRIVMSG" and m.text == text)

    def test_first_use_then_known(self):
        self.start_natter("-t")
        self.wait_text("-- %s joined %s" % (NICK, ROOM))
        self.said("hello over TLS")
        self.command("/window 1")
        self.wait_flat("First connection to 127.0.0.1:%d" % self.port)
        self.wait_flat(self.fp)
        self.wait_status("[TLS]")
        with open(self.known) as f:
            self.assertEqual(f.read(), "127.0.0.1:%d %s\n" % (self.port,
                                                              self.fp))
        self.quit()
        self.restart_natter("-t")
        self.wait_text("-- %s joined %s" % (NICK, ROOM))
        self.assertNotIn("First connection", self.screen())
        self.said("again, known")
        self.quit()

    def test_changed_key_refused(self):
        other = tls_fake.fingerprint(tls_fake.self_signed(self.home, "old"))
        os.makedirs(os.path.dirname(self.known))
        with open(self.known, "w") as f:
            f.write("127.0.0.1:%d %s\n" % (self.port, other))
        self.start_natter("-t")
        self.wait_flat("THE KEY OF 127.0.0.1:%d HAS CHANGED" % self.port)
        self.wait_flat("remembered: %s" % other)
        self.wait_flat("the server has now: %s" % self.fp)
        # natterd saw no registration: natter sent nothing after the
        # handshake.
        self.bob.send_line("NAMES " + ROOM)
        self.assertNotIn(NICK, self.bob.expect("353").text.split())
        self.quit()

    def test_pinned_fingerprint(self):
        self.start_natter("--tls-fingerprint", self.fp)
        self.wait_text("-- %s joined %s" % (NICK, ROOM))
        self.said("pinned")
        self.assertFalse(os.path.exists(self.known))
        self.quit()

    def test_discovered_key_accepted_quietly(self):
        # No host: natter probes natterd's discovery port (its plain TCP
        # port), whose answer names the TLS port and the key.
        self.start_natter(port=self.natterd.port, host=None)
        self.wait_text("-- %s joined %s" % (NICK, ROOM))
        self.said("found and trusted")
        self.command("/window 1")
        self.wait_flat("has the key its discovery answer announced, %s"
                       % self.fp)
        self.assertNotIn("First connection", self.screen())
        with open(self.known) as f:
            self.assertEqual(f.read(), "127.0.0.1:%d %s\n" % (self.port,
                                                              self.fp))
        self.quit()


if __name__ == "__main__":
    if not TMUX:
        print("SKIP: tmux is not installed")
        sys.exit(77)
    if not os.access(tls_fake.OPENSSL, os.X_OK):
        print("SKIP: openssl is not installed")
        sys.exit(77)
    main()
