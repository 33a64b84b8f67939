"""natter against InspIRCd (the Debian package) on loopback: the smoke
test of natter_peer.py against a server that offers IRCv3 capabilities
natter asks for (server-time, echo-message, batch, multi-prefix via
namesx, cap-notify), so natter's CAP negotiation meets a real one.

Skips (exit 77) when tmux or inspircd is not installed.
"""

import os

import natter_peer
import test_natter_ui as ui
from natterd_harness import Client

# The modules of InspIRCd 3 that give the capabilities natter asks for.
MODULES = ["cap", "ircv3", "ircv3_capnotify", "ircv3_servertime",
           "ircv3_echomessage", "ircv3_batch", "namesx"]


class Inspircd(natter_peer.PeerServer):
    name = "inspircd"
    program = natter_peer.find_program("inspircd")
    burst = 20

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
         hardsendq="1M" softsendq="65536" recvq="64K" threshold="1000"
         commandrate="100000" fakelag="no" localmax="1000"
         globalmax="1000" maxconnwarn="no" resolvehostnames="no"
         useident="no" limit="1000">
<performance nouserdns="yes" clonesonconnect="no">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default"
     target="%s/inspircd.log">
<files motd="%s">
<dns server="127.0.0.1" timeout="1">
%s""" % (port, workdir, motd, modules))
        cmd = [self.program, "--nofork", "--nopid", "--config", conf]
        if os.geteuid() == 0:
            cmd.insert(1, "--runasroot")
        return cmd

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


if __name__ == "__main__":
    natter_peer.main(Inspircd, "inspircd")
