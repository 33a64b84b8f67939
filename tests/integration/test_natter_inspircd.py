"""natter against InspIRCd (the Debian package) on loopback: the smoke
test of natter_peer.py against a server that offers IRCv3 capabilities
natter asks for (server-time, echo-message, batch, multi-prefix via
namesx, cap-notify), so natter's CAP negotiation meets a real one; and
natter over TLS to InspIRCd's ssl_gnutls with a certificate of a test CA
(made with openssl at test time), verified with --tls-ca.

Skips (exit 77) when tmux or inspircd is not installed.
"""

import os
import unittest

import natter_peer
import tls_fake
import test_natter_ui as ui
from natterd_harness import Client

# The modules of InspIRCd 3 that give the capabilities natter asks for.
MODULES = ["cap", "ircv3", "ircv3_capnotify", "ircv3_servertime",
           "ircv3_echomessage", "ircv3_batch", "namesx"]


class Inspircd(natter_peer.PeerServer):
    name = "inspircd"
    program = natter_peer.find_program("inspircd")
    burst = 20
    # The connect class's flood limits: none in the way by default.
    recvq = "64K"
    commandrate = "100000"
    fakelag = "no"

    def server_command(self, workdir, port):
        conf = os.path.join(workdir, "inspircd.conf")
        motd = os.path.join(workdir, "motd")
        with open(motd, "w") as f:
            f.write("natter smoke test\n")
        modules = "".join('<module name="%s">\n' % m for m in MODULES
                          if os.path.exists("/usr/lib/inspircd/modules/"
                                            "m_%s.so" % m))
        with open(conf, "w") as f:
            # No lookups (its resolver would ask /etc/resolv.conf's
            # server otherwise), no flood limits in the way of the burst.
            f.write("""\
<server name="inspircd.test" description="natter smoke test" network="test">
<admin name="test" nick="test" email="test@localhost">
<bind address="127.0.0.1" port="%d" type="clients">
<connect name="main" allow="*" maxchans="20" timeout="60" pingfreq="10m"
         hardsendq="1M" softsendq="65536" recvq="%s" threshold="1000"
         commandrate="%s" fakelag="%s" localmax="1000"
         globalmax="1000" maxconnwarn="no" resolvehostnames="no"
         useident="no" limit="1000">
<performance nouserdns="yes" clonesonconnect="no">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default"
     target="%s/inspircd.log">
<files motd="%s">
<dns server="127.0.0.1" timeout="1">
%s%s""" % (port, self.recvq, self.commandrate, self.fakelag, workdir,
           motd, modules, self.extra_config(workdir)))
        cmd = [self.program, "--nofork", "--nopid", "--config", conf]
        if os.geteuid() == 0:
            cmd.insert(1, "--runasroot")
        return cmd

    def extra_config(self, workdir):
        """More configuration, for a subclass."""
        return ""

    def test_smoke(self):
        # The server offers what natter asks for, so the smoke test meets
        # a real CAP negotiation (and echo-message: a line shown once).
        probe = Client(self.port, name="probe")
        self.clients.append(probe)
        probe.send_line("CAP LS 302")
        m = probe.expect(lambda m: m.command == "CAP" and
                         m.param(1) == "LS", timeout=ui.STEP_TIMEOUT)
        offered = m.params[-1].split()
        for cap in ("server-time", "echo-message", "batch"):
            self.assertIn(cap, offered, offered)
        probe.close()
        self.smoke()


class InspircdStrict(Inspircd):
    """InspIRCd with a small RecvQ and two commands a second (fake lag):
    a paste sent at once overflows the RecvQ and the server kills the
    connection, every line lost; natter's paced paste gets through."""
    recvq = "2048"
    commandrate = "2000"
    fakelag = "yes"
    # Not the smoke test again: this class is for the paste.
    test_smoke = None

    def test_paste_survives_recvq(self):
        alice = Client(self.port, name="alice")
        self.clients.append(alice)
        alice.register("alice")
        alice.join(ui.ROOM)
        self.start_natter()
        alice.expect(lambda m: m.command == "JOIN" and m.nick == ui.NICK,
                     timeout=ui.CONNECT_TIMEOUT)
        self.wait_status("2:%s, 2 people" % ui.ROOM, ui.CONNECT_TIMEOUT)
        # 16 lines of 200 bytes: 3.2 KB, over the 2 KB RecvQ at once.
        lines = ["paste %02d " % i + "x" * 191 for i in range(16)]
        self.tmux("set-buffer", "-b", "p", "\n".join(lines) + "\n")
        self.tmux("paste-buffer", "-p", "-b", "p", "-t", "ui")
        self.wait_text("Send 16 lines to %s? Enter/Esc" % ui.ROOM)
        self.keys("Enter")
        got = [alice.expect(lambda m: m.command == "PRIVMSG" and
                            m.nick == ui.NICK, timeout=ui.CONNECT_TIMEOUT)
               .params[-1] for _ in lines]
        self.assertEqual(got, lines)
        self.assertNotIn("RecvQ", self.screen())
        self.assertNotIn("Disconnected", self.screen())


@unittest.skipUnless(os.access(tls_fake.OPENSSL, os.X_OK),
                     "openssl is not installed")
class InspircdTLS(Inspircd):
    """natter to InspIRCd's TLS port, the certificate verified against a
    test CA; a peer chats on the plain port in the same room."""

    def extra_config(self, workdir):
        self.ca, crt, key = tls_fake.ca_and_server(workdir)
        self.tls_port = natter_peer.free_port()
        return """\
<module name="ssl_gnutls">
<sslprofile name="natter" provider="gnutls" certfile="%s" keyfile="%s"
            dhfile="" hash="sha256" requestclientcert="no">
<bind address="127.0.0.1" port="%d" type="clients" sslprofile="natter">
""" % (crt, key, self.tls_port)

    # The plain smoke test runs once, in Inspircd.
    test_smoke = None

    def stop_server(self):
        """InspIRCd 3.15 with ssl_gnutls crashes in InspIRCd::Exit on
        SIGTERM (it dumps core in our folder); it is killed instead."""
        if self.peer_server.poll() is None:
            self.peer_server.kill()
        super().stop_server()

    def test_tls_verified_by_ca(self):
        alice = Client(self.port, name="alice")
        self.clients.append(alice)
        alice.register("alice")
        alice.join(ui.ROOM)
        self.env["XDG_DATA_HOME"] = os.path.join(self.home, "data")
        self.start_natter("-t", "--tls-ca", self.ca, port=self.tls_port)
        alice.expect(lambda m: m.command == "JOIN" and m.nick == ui.NICK,
                     timeout=ui.CONNECT_TIMEOUT)
        self.wait_status("%s on 127.0.0.1 [TLS]" % ui.NICK,
                         ui.CONNECT_TIMEOUT)
        alice.privmsg(ui.ROOM, "over TLS to you")
        self.wait_text("<alice> over TLS to you")
        self.command("hello from TLS")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and
                         m.nick == ui.NICK)
        self.assertEqual(m.params, [ui.ROOM, "hello from TLS"])
        self.command("/window 1")
        self.command("/tls")
        self.wait_text("a CA vouches for it as 127.0.0.1")
        self.assertNotIn("First connection", self.screen())
        # Nothing learnt on first use: the CA vouched.
        self.assertFalse(os.path.exists(os.path.join(
            self.home, "data", "natter", "known_servers")))
        self.command("/quit done")
        alice.expect(lambda m: m.command == "QUIT" and m.nick == ui.NICK)
        self.wait_text("natter-exited-0")


if __name__ == "__main__":
    natter_peer.main(Inspircd, "inspircd")
