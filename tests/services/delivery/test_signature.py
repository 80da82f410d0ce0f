"""The Newsfold-Signature header, and the receiver's check the README gives."""

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from services.delivery.signature import sign, verify

SECRET = "a-secret-of-the-receiver-0123456789"
BODY = b'{"id": "s1", "version": 7}'


def readme_verifier() -> Callable[[str, str, bytes], bool]:
    """The `verified` function of the README's receiver snippet."""
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    [snippet] = re.findall(r"```python\n(.*?def verified.*?)```", readme, flags=re.DOTALL)
    namespace: dict[str, object] = {}
    exec(snippet, namespace)
    verified = namespace["verified"]
    assert callable(verified)
    return verified  # type: ignore[return-value]


@pytest.mark.parametrize("check", ["ours", "readme"])
def test_only_the_body_signed_with_the_secret_recently_verifies(check: str) -> None:
    now = int(time.time())

    def verifies(secret: str, header: str, body: bytes) -> bool:
        if check == "readme":
            return readme_verifier()(secret, header, body)
        return verify(secret, header, body, time.time())

    header = sign(SECRET, now, BODY)
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    assert verifies(SECRET, header, BODY)
    assert not verifies(SECRET, header, BODY + b" ")
    assert not verifies("another-secret-0123456789", header, BODY)
    assert not verifies(SECRET, sign(SECRET, now - 3600, BODY), BODY)  # a replay
    assert not verifies(SECRET, header.replace(f"t={now}", f"t={now + 1}"), BODY)
    assert not verifies(SECRET, "v1=00", BODY)
