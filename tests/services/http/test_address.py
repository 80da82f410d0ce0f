"""The address classifier behind the SSRF guard, on a table of addresses."""

from ipaddress import IPv6Address

import pytest

from services.http.address import embedded_ipv4, is_public, parse_ip

NOT_PUBLIC = [
    "127.0.0.1",  # loopback
    "127.255.0.9",
    "10.1.2.3",  # RFC 1918
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",  # link-local: cloud metadata services
    "100.64.0.1",  # CGNAT shared space
    "100.127.255.254",
    "0.0.0.0",  # unspecified
    "0.1.2.3",  # "this network"
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
    "192.0.2.10",  # documentation
    "198.18.0.1",  # benchmarking
    "::1",
    "::",
    "fe80::1",  # link-local
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fec0::1",  # site-local (deprecated)
    "ff02::1",  # multicast
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped forms
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::7f00:1",  # NAT64 forms
    "64:ff9b::a00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix
    "2002:7f00:1::1",  # 6to4 forms
    "2002:c0a8:101::1",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "100::1",  # discard-only
]

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "100.128.0.1",  # just past CGNAT
    "172.32.0.1",  # just past 172.16/12
    "2606:4700:4700::1111",
    "2a00:1450:4001:800::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
]


@pytest.mark.parametrize("text", NOT_PUBLIC)
def test_non_public_addresses_are_refused(text: str) -> None:
    address = parse_ip(text)
    assert address is not None
    assert not is_public(address)


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_allowed(text: str) -> None:
    address = parse_ip(text)
    assert address is not None
    assert is_public(address)


def test_embedded_ipv4_is_found_in_mapped_nat64_and_6to4_forms() -> None:
    for text in ("::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::5"):
        address = parse_ip(text)
        assert isinstance(address, IPv6Address)
        assert str(embedded_ipv4(address)) == "10.0.0.1"


def test_parse_ip_reads_bracketed_literals_and_ignores_names() -> None:
    assert str(parse_ip("[::1]")) == "::1"
    assert parse_ip("example.com") is None
    assert parse_ip("127.0.0.1.nip.io") is None
