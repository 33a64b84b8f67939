"""natter against ngircd (the Debian package) on loopback: the smoke test
of natter_peer.py against another IRC server, which offers a different
set of capabilities (and no history replay).

Skips (exit 77) when tmux or ngircd is not installed.
"""

import os

import natter_peer


class Ngircd(natter_peer.PeerServer):
    name = "ngircd"
    program = natter_peer.find_program("ngircd")
    # ngircd slows a client down after a few lines: a short burst.
    burst = 8

    def server_command(self, workdir, port):
        conf = os.path.join(workdir, "ngircd.conf")
        with open(conf, "w") as f:
            f.write("[Global]\n"
                    "Name = ngircd.test\n"
                    "Info = natter smoke test\n"
                    "Listen = 127.0.0.1\n"
                    "Ports = %d\n"
                    "PidFile = %s/ngircd.pid\n"
                    "MotdPhrase = natter smoke test\n"
                    "ServerUID = %d\n"
                    "ServerGID = %d\n"
                    "[Limits]\n"
                    "MaxConnectionsIP = 0\n"
                    "[Options]\n"
                    "DNS = no\n"
                    "Ident = no\n"
                    "PAM = no\n"
                    % (port, workdir, os.getuid(), os.getgid()))
        return [self.program, "--nodaemon", "--config", conf]

    def test_smoke(self):
        self.smoke()


if __name__ == "__main__":
    natter_peer.main(Ngircd, "ngircd")
