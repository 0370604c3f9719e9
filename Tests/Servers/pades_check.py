#!/usr/bin/env python3
"""Validates every signature of a PDF with pyHanko and prints what the WenshuSigning tests compare.

Usage: python3 Tests/Servers/pades_check.py [--password=PASSWORD] FILE TRUST_ROOT_PEM [MORE_TRUST_ROOTS...]

Prints one JSON object: {"signatures": [...]} with, for each signature, pyHanko's own findings
(intact, valid, trusted, coverage, modification level, signature mechanism, timestamp validity) and
the CMS attribute names it parsed. No revocation checking (the test PKI has no CRLs or OCSP).

"pades_level" is derived from those findings with the ETSI EN 319 142-1 §6.3 requirements:
B-B needs SubFilter ETSI.CAdES.detached, content-type, message-digest and signing-certificate(-v2)
signed attributes, no signing-time attribute, and a signature pyHanko finds intact, valid and trusted;
B-T adds a signature-time-stamp that pyHanko finds intact, valid and trusted.
"""
import asyncio
import json
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def attribute_names(attrs):
    if attrs is None or attrs.native is None:
        return []
    return [attr["type"].native for attr in attrs]


async def check(path, roots, password):
    trust = [load_cert_from_pemder(root) for root in roots]
    results = []
    with open(path, "rb") as f:
        reader = PdfFileReader(f)
        if password is not None:
            reader.decrypt(password)
        for sig in reader.embedded_signatures:
            context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail")
            ts_context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail")
            status = await async_validate_pdf_signature(sig, signer_validation_context=context,
                                                        ts_validation_context=ts_context)
            signed = attribute_names(sig.signer_info["signed_attrs"])
            unsigned = attribute_names(sig.signer_info["unsigned_attrs"])
            ts = status.timestamp_validity
            subfilter = str(sig.sig_object.get("/SubFilter"))
            baseline = (subfilter == "/ETSI.CAdES.detached"
                        and "content_type" in signed and "message_digest" in signed
                        and ("signing_certificate_v2" in signed or "signing_certificate" in signed)
                        and "signing_time" not in signed
                        and status.intact and status.valid and status.trusted)
            timestamped = ts is not None and ts.intact and ts.valid and ts.trusted
            level = "B-T" if baseline and timestamped else "B-B" if baseline else "none"
            results.append({
                "field": sig.field_name,
                "subfilter": subfilter,
                "intact": status.intact,
                "valid": status.valid,
                "trusted": status.trusted,
                "coverage": status.coverage.name if status.coverage is not None else None,
                "modification_level": status.modification_level.name if status.modification_level is not None else None,
                "docmdp_ok": status.docmdp_ok,
                "mechanism": status.pkcs7_signature_mechanism,
                "md_algorithm": status.md_algorithm,
                "signed_attributes": signed,
                "unsigned_attributes": unsigned,
                "timestamp": None if ts is None else {
                    "intact": ts.intact, "valid": ts.valid, "trusted": ts.trusted, "time": ts.timestamp.isoformat()},
                "signer_reported_time": status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
                "bottom_line": status.bottom_line,
                "pades_level": level,
                "summary": status.summary(),
            })
    print(json.dumps({"signatures": results}))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    password = None
    if arguments and arguments[0].startswith("--password="):
        password = arguments.pop(0)[len("--password="):]
    asyncio.run(check(arguments[0], arguments[1:], password))
