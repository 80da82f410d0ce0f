"""Which IP addresses newsfold may connect to: public unicast ones only.

A feed URL is chosen by whoever adds the feed, and every article link by the feed's author, so
without this check newsfold could be steered at its own Redis, a cloud metadata service
(169.254.169.254) or anything else on the private network (server-side request forgery).
"""

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address

# IPv6 ranges that carry an IPv4 address in their low 32 bits and reach it through a
# translator: the well-known NAT64 prefix (RFC 6052). IPv4-mapped (::ffff:0:0/96) and 6to4
# (2002::/16) have their own properties in `ipaddress`.
_NAT64 = IPv6Network("64:ff9b::/96")

# Shared address space of carrier-grade NAT (RFC 6598); spelled out because whether
# `is_global` covers it has changed between Python versions' tables.
_CGNAT = IPv4Network("100.64.0.0/10")


def parse_ip(host: str) -> IPAddress | None:
    """The address if `host` is an IP literal (brackets allowed), else None."""
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


def embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64 or 6to4 forms), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_public(address: IPAddress) -> bool:
    """True for a globally routable unicast address; False for loopback, private (RFC 1918),
    link-local, CGNAT, unique-local and site-local IPv6, multicast, unspecified, reserved and
    documentation ranges, including their IPv4-mapped, NAT64 and 6to4 forms."""
    if isinstance(address, IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
        if address.is_site_local:  # fec0::/10, deprecated but still routed by some stacks
            return False
    elif address in _CGNAT:
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved)
