"""Keeping MediaPipe's native library off the network.

MediaPipe Tasks (1.2.x) sends usage metrics to https://play.googleapis.com/log from every
task it creates, through a copy of libcurl linked into libmediapipe.so: the task runner
always builds the HTTP logging client, no option, flag or environment variable of
MediaPipe's turns it off (its privacy notice says so). That libcurl honours the standard
proxy variables, though, so the kiosk names a SOCKS proxy on a Unix socket that cannot
exist: curl then resolves no name and opens no internet socket; its one attempt is a
connect() to that path, refused at once (ENOTDIR), and the metrics are dropped.
tests/security/test_network_silence.py proves it with strace.
"""

from __future__ import annotations

import os

# A path below /dev/null can never exist, for any user (root included): nothing can listen
# there to receive the metrics. "socks5h" has the proxy resolve names, so curl resolves none.
UNREACHABLE_PROXY = "socks5h://localhost/dev/null/thermal-kiosk-has-no-network"
# curl reads the lower-case name first, then the upper-case one; a no_proxy that matched
# Google's host would let the request bypass the proxy, so none may apply in this process.
_PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY")
_BYPASS_VARIABLES = ("no_proxy", "NO_PROXY")


def keep_mediapipe_offline() -> None:
    """Point every libcurl proxy variable of this process at the unreachable proxy.

    Call before the first MediaPipe task is created (kiosk.vision does, on import): curl
    reads the variables at each request, and changing the environment while native
    threads may read it is not safe.
    """
    for name in _PROXY_VARIABLES:
        os.environ[name] = UNREACHABLE_PROXY
    for name in _BYPASS_VARIABLES:
        os.environ.pop(name, None)
