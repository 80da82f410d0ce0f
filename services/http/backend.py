"""The network backend that checks every destination address as the connection is opened.

Checking a URL's host before the request is not enough: a host name can resolve to a public
address when checked and to 127.0.0.1 a moment later (DNS rebinding), and any redirect hop can
name a new host. So the check sits where httpcore opens a TCP connection: the name is resolved
once, the addresses are checked, and the socket connects to a checked address, never to the
name. TLS still verifies the certificate against the host name, which httpcore passes to
`start_tls` separately.
"""

import socket
from collections.abc import Iterable
from functools import partial
from ipaddress import ip_address

import httpcore

from services.http.address import IPAddress, is_public
from services.http.deadline import DeadlineStream, within_deadline
from services.http.errors import BlockedAddress, DnsError


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's blocking backend, refusing non-public addresses unless `allow_private`."""

    def __init__(self, *, allow_private: bool) -> None:
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve `host`, keep the addresses that may be reached, and connect to the first
        that answers (as `socket.create_connection` would)."""
        connect = super().connect_tcp
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in self.resolve(host, port):
            try:
                stream = within_deadline(
                    partial(
                        connect,
                        str(address),
                        port,
                        local_address=local_address,
                        socket_options=socket_options,
                    ),
                    timeout,
                    httpcore.ConnectTimeout,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None  # resolve() never returns an empty list
        raise failure

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The addresses `host` resolves to that may be connected to, in resolver order.

        Raises DnsError when it does not resolve, BlockedAddress when none may be reached.
        Non-public addresses among public ones are dropped rather than refused: they are
        never connected to either way.
        """
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise DnsError(f"cannot resolve {host}: {exc}") from exc
        resolved = list(dict.fromkeys(ip_address(info[4][0]) for info in infos))
        if self._allow_private:
            return resolved
        allowed = [address for address in resolved if is_public(address)]
        if not allowed:
            raise BlockedAddress(f"refusing {host} ({resolved[0]}): not a public address")
        return allowed
