"""Two network namespaces joined by a veth pair, private to one test:
natterd in one ("server"), peers in the other ("peer"), so that a test can
make a peer vanish without a FIN (its link goes down and every packet to
it is dropped), which loopback cannot do.

Sockets are opened inside a namespace by switching the calling thread into
it for the moment of the connect (setns(2) on a thread), so the test's
own Client class works unchanged.  Standard library only; needs root and
ip(8): available() says whether this machine can.
"""

import contextlib
import ctypes
import os
import shutil
import subprocess

CLONE_NEWNET = 0x40000000

_libc = ctypes.CDLL(None, use_errno=True)


def _run(*args, check=True):
    return subprocess.run(list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=check, timeout=10)


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def can_make_namespaces():
    """Whether network namespaces can be made here (root, ip(8))."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return False
    name = "natterprobe%d" % os.getpid()
    try:
        if _run("ip", "netns", "add", name, check=False).returncode != 0:
            return False
        _run("ip", "netns", "del", name, check=False)
        return True
    except (OSError, subprocess.SubprocessError):
        return False


def available():
    """Whether a NetnsPair can be made and entered here."""
    return hasattr(_libc, "setns") and can_make_namespaces()


class NetnsPair:
    """server ns (SERVER_ADDR) -- veth -- peer ns (PEER_ADDR)."""

    def __init__(self, net="10.254.0"):
        tag = "%d" % (os.getpid() % 1000000)
        self.server = "natter-hs-" + tag
        self.peer = "natter-hp-" + tag
        self.server_addr = net + ".1"
        self.peer_addr = net + ".2"
        self.peer_dev = "nhp" + tag
        self._made = []
        try:
            for ns in (self.server, self.peer):
                _run("ip", "netns", "add", ns)
                self._made.append(ns)
            server_dev = "nhs" + tag
            _run("ip", "link", "add", server_dev, "netns", self.server,
                 "type", "veth", "peer", "name", self.peer_dev,
                 "netns", self.peer)
            for ns, dev, addr in ((self.server, server_dev, self.server_addr),
                                  (self.peer, self.peer_dev, self.peer_addr)):
                _run("ip", "-n", ns, "addr", "add", addr + "/24", "dev", dev)
                _run("ip", "-n", ns, "link", "set", dev, "up")
                _run("ip", "-n", ns, "link", "set", "lo", "up")
        except BaseException:
            self.close()
            raise

    def command(self, ns, argv):
        """argv run inside namespace ns (ip netns exec execs it: same pid)."""
        return [shutil.which("ip"), "netns", "exec", ns] + list(argv)

    @contextlib.contextmanager
    def inside(self, ns):
        """The calling thread is in namespace ns for the with block."""
        home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open("/run/netns/" + ns, os.O_RDONLY)
        try:
            _setns(target)
            try:
                yield
            finally:
                _setns(home)
        finally:
            os.close(target)
            os.close(home)

    def cut_peer(self):
        """The peer's link goes down: nothing reaches it, nothing leaves it,
        and no FIN or RST is sent for its connections."""
        _run("ip", "-n", self.peer, "link", "set", self.peer_dev, "down")

    def close(self):
        for ns in reversed(self._made):
            _run("ip", "netns", "del", ns, check=False)
        self._made = []
