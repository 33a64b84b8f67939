"""An irctest controller for natterd: how irctest starts and stops it.

irctest (the conformance suite IRC servers test themselves with) imports
this module by name (--controller natterd_irctest) and calls run() for
each test case with a free loopback port.  natterd needs no config file:
everything irctest wants is an option (the name My.Little.Server and
its description, the operator operuser/operpassword, a connection password).  Flood control
and the per-address limit are off, as irctest's bursts come from one
address; the plain door stays as a user would have it.
"""

import os
from typing import Optional, Set, Type

from irctest.basecontrollers import (BaseServerController,
                                     DirectoryBasedController,
                                     NotImplementedByController)

HERE = os.path.dirname(os.path.abspath(__file__))
NATTERD = os.environ.get(
    "NATTERD", os.path.join(HERE, "..", "..", "server", "natterd"))


class NatterdController(BaseServerController, DirectoryBasedController):
    software_name = "natterd"
    supported_sasl_mechanisms: Set[str] = set()
    supports_sts = False
    # The mute extban, "+b m:mask" (EXTBAN=,m in 005).
    extban_mute_char = "m"

    def run(self, hostname: str, port: int, *, password: Optional[str],
            ssl: bool, run_services: bool, faketime: Optional[str],
            websocket_hostname: Optional[str] = None,
            websocket_port: Optional[int] = None) -> None:
        if ssl:
            raise NotImplementedByController("TLS")
        if run_services:
            raise NotImplementedByController("services")
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        assert self.proc is None
        self.create_config()
        self.port = port
        self.hostname = hostname
        argv = [NATTERD, "-b", hostname, "-p", str(port),
                "--name", "My.Little.Server", "--info", "test server",
                "--oper", "operuser:operpassword",
                "--flood-rate", "0", "--max-per-ip", "100000",
                "--no-discovery"]
        if password:
            argv += ["--password", password]
        self.proc = self.execute(argv)


def get_irctest_controller_class() -> Type[NatterdController]:
    return NatterdController
