"""Keys whose PRIVATE halves are published in specifications and test suites.

Anyone can sign with them, so a credential signed by one proves nothing about its
issuer; it is flagged for a human (a warning), whatever else passes. Keys are named by
their RFC 7638 JWK thumbprint (SHA-256).
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.verify.report import CheckResult, Status

PUBLISHED_TEST_KEYS = {
    "Ypa5BNGp-ImhVwCze6O4zHVVNcGqCq-3LOCZWBZTRcs": "W3C vc-di-eddsa test vector key",
    "evhJcBYSjjfRI-OkT8sXIngLQ3rdO2mq7rz52H30GVU": "W3C vc-di-eddsa proof-set test key 1",
    "xvlEUey53UR6sVpeaSHDR3RfdtQKKrh8ngzJwkEsr7s": "W3C vc-di-eddsa proof-set test key 2",
    "6gRfh2URH8whGOlPAxlv5YjF8Qa4ml5K2XYbCJ4rKio": "W3C vc-di-eddsa proof-set test key 3",
    "A9bfbEss70nUQhlSH8FT2fJ-BSPr_XKgSsMiusEL2hw": "W3C vc-di-eddsa proof-set test key 4",
    "e6qatsbWPohZ-Durvnv048-1rq_7SUGqfQibivUtvFs": "1EdTech Open Badges 3.0 implementation "
                                                   "guide key",
    "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k": "RFC 8037 Appendix A key",
    "2aOHaQxsWVT4mLsUkdtlCnUV-au0BBR-5yPYaPaCc5k": "W3C VC-JOSE-COSE test-suite Ed25519 key",
    "73voMXFNmNlOEpuYCSJlh8eN0dscykoO6gBukgRS1uU": "W3C VC-JOSE-COSE test-suite P-256 key",
    "96qBnDpvS6x8YSCH_xmnLlXZMkDhHBr8lj99u5aog7s": "W3C VC-JOSE-COSE test-suite P-384 key",
    "KQsihxP-LTeTZO2ETEfduP153UBIiFRhI8nSklMSmm0": "W3C VC-JOSE-COSE test-suite P-521 key",
    "9ZP03Nu8GrXPAUkbKNxHOKBzxPX83SShgFkRNK-f2lw": "did:key test vector key (all-zero seed)",
    "DOvxvJiAdIqVWIkFt5hDtCunXLF0BV4-JGv4f-ALSm0": "W3C vc-di-ecdsa P-256 test vector key",
    "l2tfkSzhekdOr24I18E1O_-49AlK14MTo7OxJMS7-HI": "W3C vc-di-ecdsa P-384 test vector key",
}


def test_key_check(checks: Iterable[CheckResult]) -> CheckResult:
    """Flag signatures made with a published test key (from the key checks' details)."""
    thumbprints = [c.details.get("thumbprint") for c in checks
                   if c.code == "verification_method_resolved" and c.status is Status.PASS]
    known = [PUBLISHED_TEST_KEYS[t] for t in thumbprints if t in PUBLISHED_TEST_KEYS]
    if known:
        return CheckResult("not_a_test_key", Status.INDETERMINATE,
                           "Signed with a publicly known test key: anyone could have signed it.",
                           {"keys": known})
    if not thumbprints:
        return CheckResult("not_a_test_key", Status.NA, "No signing key was identified.", {})
    return CheckResult("not_a_test_key", Status.PASS,
                       "The signing key is not a published test key.", {})
