"""Run `callcoach` with the network taken away at the Python level:

    python nonet.py LOG ARGS...             # as `callcoach ARGS...`
    python nonet.py LOG --script FILE.py    # any script

Creating an internet socket (AF_INET, AF_INET6), connecting, or looking up a host name
raises OSError and appends one line to LOG, so an attempt is seen even where the caller
catches the error. Local AF_UNIX sockets stay allowed: Qt, D-Bus and PulseAudio/ALSA
talk to other programs on this computer through them, and nothing leaves the laptop that
way. C libraries that open sockets themselves bypass this; test_privacy.py also runs the
same commands under strace and in a network namespace with no network at all.
"""

from __future__ import annotations

import socket
import sys
import traceback

LOG = sys.argv[1]
_Socket = socket.socket


def _refuse(what: str):
    with open(LOG, "a", encoding="utf-8") as f:
        where = "".join(traceback.format_stack(limit=6)[:-2]).replace("\n", " | ")
        f.write(f"{what} from {where}\n")
    raise OSError(f"network use refused by the privacy test: {what}")


class _GuardedSocket(_Socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        fam = socket.AF_INET if family == -1 else family
        if fileno is None and fam != socket.AF_UNIX:
            _refuse(f"socket(family={fam!r})")
        super().__init__(family, type, proto, fileno)


def _no_connection(address, *args, **kwargs):
    _refuse(f"create_connection({address!r})")


def _no_lookup(host, *args, **kwargs):
    _refuse(f"getaddrinfo({host!r})")


socket.socket = _GuardedSocket
socket.create_connection = _no_connection
socket.getaddrinfo = _no_lookup
socket.gethostbyname = _no_lookup

if __name__ == "__main__":
    if sys.argv[2] == "--script":  # any Python file instead (the test that the guard works)
        import runpy

        sys.argv = sys.argv[3:]
        runpy.run_path(sys.argv[0], run_name="__main__")
        sys.exit(0)
    sys.argv = ["callcoach", *sys.argv[2:]]
    from ui.launch import main

    sys.exit(main())
