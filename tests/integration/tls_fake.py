"""What the TLS tests of natter share: certificates made at test time
with openssl (a self-signed server key, a small CA with a server
certificate for 127.0.0.1 and localhost, a client certificate), their
fingerprints as natter and natterd print them, and FakeTLSServer, a
scripted IRC server on a free loopback port that speaks TLS (Python's ssl)
or plain text and does what a test says about SASL and PASS.
"""

import base64
import hashlib
import os
import socket
import ssl
import subprocess
import threading

import test_natter_chooser

OPENSSL = "/usr/bin/openssl"


def openssl(*args):
    subprocess.run([OPENSSL] + list(args), check=True,
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=60)


def self_signed(folder, name, cn="natter-test"):
    """A self-signed certificate and its key in one PEM file: its path."""
    key = os.path.join(folder, name + ".key")
    crt = os.path.join(folder, name + ".crt")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=" + cn, "-keyout", key, "-out", crt)
    pem = os.path.join(folder, name + ".pem")
    with open(pem, "w") as out:
        for p in (crt, key):
            with open(p) as f:
                out.write(f.read())
    return pem


def ca_and_server(folder):
    """A test CA and a server certificate it signed for 127.0.0.1 and
    localhost: (ca.crt, server.crt, server.key)."""
    ca_key = os.path.join(folder, "ca.key")
    ca_crt = os.path.join(folder, "ca.crt")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=natter test CA", "-keyout", ca_key, "-out", ca_crt,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    key = os.path.join(folder, "server.key")
    csr = os.path.join(folder, "server.csr")
    crt = os.path.join(folder, "server.crt")
    ext = os.path.join(folder, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "basicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("req", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
            "/CN=localhost", "-keyout", key, "-out", csr)
    openssl("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
            "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", crt)
    return ca_crt, crt, key


def fingerprint_der(der):
    """SHA256: and the unpadded base64 of the digest, as ssh prints keys."""
    return "SHA256:" + base64.b64encode(
        hashlib.sha256(der).digest()).decode().rstrip("=")


def fingerprint(pem_path):
    with open(pem_path) as f:
        pem = f.read()
    start = pem.index("-----BEGIN CERTIFICATE-----")
    end = pem.index("-----END CERTIFICATE-----") + 25
    return fingerprint_der(ssl.PEM_cert_to_DER_cert(pem[start:end]))


class FakeTLSServer:
    """Accepts connections on a free loopback port (TLS with cert, or
    plain when cert is None), registers natter and joins it to its room.

    caps: what CAP LS offers; sasl: what AUTHENTICATE gets, "ok", "904"
    or "905"; password: when set, a PASS with another word gets 464.
    Every connection's lines are in self.conns (a list per connection);
    self.client_fps holds the fingerprint of each client certificate."""

    def __init__(self, cert=None, caps="", sasl="ok", password=None,
                 client_ca=None, nick="tester", room="#lobby"):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.ctx = None
        if cert is not None:
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(cert)
            if client_ca is not None:
                self.ctx.verify_mode = ssl.CERT_OPTIONAL
                self.ctx.load_verify_locations(client_ca)
        self.caps, self.sasl, self.password = caps, sasl, password
        self.nick, self.room = nick, room
        self.conns = []
        self.client_fps = []
        self.joined = threading.Event()
        self.lock = threading.Lock()
        self.open = []
        self.done = False
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        self.sock.settimeout(0.2)
        while not self.done:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            heard = []
            with self.lock:
                self.conns.append(heard)
                self.open.append(conn)
            threading.Thread(target=self.serve, args=(conn, heard),
                             daemon=True).start()

    def connections(self):
        with self.lock:
            return len(self.conns)

    def serve(self, conn, heard):
        conn.settimeout(30)
        try:
            if self.ctx is not None:
                conn = self.ctx.wrap_socket(conn, server_side=True)
                with self.lock:
                    self.open.append(conn)
                der = conn.getpeercert(binary_form=True)
                if der:
                    self.client_fps.append(fingerprint_der(der))
            else:
                # As many IRC servers do: a notice before a word is heard
                # (what a TLS client takes for a broken handshake).
                conn.sendall(b":fake NOTICE * :*** Looking up your "
                             b"hostname\r\n")
            buf = b""
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    line = line.rstrip(b"\r").decode("utf-8", "replace")
                    heard.append(line)
                    if not self.answer(conn, line, heard):
                        conn.close()
                        return
        except (OSError, ssl.SSLError):
            return

    def answer(self, conn, line, heard):
        """Answer one line; False to hang up."""
        def send(text):
            conn.sendall(text.encode() + b"\r\n")
        w = line.split(" ")
        n = self.nick
        if w[0] == "CAP" and w[1] == "LS":
            send(":fake CAP * LS :%s" % self.caps)
        elif w[0] == "CAP" and w[1] == "REQ":
            send(":fake CAP * ACK :%s" % line.split(" ", 2)[2].lstrip(":"))
        elif w[0] == "PASS":
            if self.password is not None and w[1].lstrip(":") != \
                    self.password:
                send(":fake 464 * :Password incorrect")
                send("ERROR :Closing link: bad password")
                return False
        elif w[0] == "AUTHENTICATE":
            if w[1] in ("PLAIN", "EXTERNAL"):
                send("AUTHENTICATE +")
            elif self.sasl == "ok":
                send(":fake 900 %s %s!u@h acct :You are now logged in as "
                     "acct" % (n, n))
                send(":fake 903 %s :SASL authentication successful" % n)
            elif self.sasl == "904":
                send(":fake 904 %s :SASL authentication failed" % n)
            else:
                send(":fake 905 %s :SASL message too long" % n)
        elif w[0] == "USER":
            # Registration ends at USER unless CAP negotiation is open.
            if not any(l.startswith("CAP END") for l in heard) and \
                    any(l.startswith("CAP LS") for l in heard):
                return True
            self.welcome(send)
        elif w[0] == "CAP" and w[1] == "END":
            if any(l.startswith("USER ") for l in heard):
                self.welcome(send)
        elif w[0] == "JOIN":
            send(":%s!u@h JOIN %s" % (n, w[1]))
            self.joined.set()
        elif w[0] == "PING":
            send(":fake PONG fake :%s" % w[-1].lstrip(":"))
        return True

    def welcome(self, send):
        send(":fake 001 %s :Welcome to the fake network %s!u@h" %
             (self.nick, self.nick))
        send(":fake 376 %s :End of MOTD" % self.nick)

    def close(self):
        self.done = True
        with self.lock:
            socks = list(self.open)
        for s in socks + [self.sock]:
            try:
                s.close()
            except OSError:
                pass


def responder(port, tls_port, fp):
    """A discovery responder on a free loopback UDP port (the one of
    test_natter_chooser.py) whose one answer is a server with a TLS port
    and the fingerprint fp."""
    return test_natter_chooser.Responder([], answers=[
        ("NATTER 1 port=%d name=tlsbox tls=%d fp=%s id=tls\n" %
         (port, tls_port, fp)).encode()])
