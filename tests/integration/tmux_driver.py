"""The tests' one way to run a program in tmux: a private tmux server (its
own socket and config, in the test's home folder), killed when the test
ends.  Mixed into a test case (irssi, natter, nc and telnet all run this
way); the test keeps the panes' sessions and what it reads from them."""

import os
import shutil
import subprocess

from natterd_harness import unique

TMUX = shutil.which("tmux")


class TmuxServer:
    """tmux_start(home, config, prefix) once in setUp, then tmux(...)."""

    def tmux_start(self, home, config, prefix, term=None):
        """A tmux server of our own for this test: config is its tmux.conf
        text, prefix names its socket, term (if any) its TERM.  Registers
        the kill: registered after the test's other cleanups, it runs
        before them (tmux goes before natterd)."""
        self.tmux_conf = os.path.join(home, "tmux.conf")
        with open(self.tmux_conf, "w") as f:
            f.write(config)
        self.socket_name = "%s-%d-%s" % (prefix, os.getpid(), unique("s"))
        self.env = dict(os.environ)
        for var in ("TMUX", "NO_COLOR", "XDG_CONFIG_HOME"):
            self.env.pop(var, None)
        self.env["HOME"] = home                # no config file of the user
        self.env["TMUX_TMPDIR"] = home
        if term is not None:
            self.env["TERM"] = term
        self.env["LANG"] = self.env["LC_ALL"] = "C.UTF-8"
        self.addCleanup(self.kill_tmux)

    def tmux(self, *args, check=True):
        return subprocess.run(
            [TMUX, "-L", self.socket_name, "-f", self.tmux_conf] + list(args),
            env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
            timeout=10, check=check)

    def kill_tmux(self):
        try:
            self.tmux("kill-server", check=False)
        except subprocess.TimeoutExpired:
            pass
