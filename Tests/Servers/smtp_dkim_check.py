#!/usr/bin/env python3
"""Verifies the DKIM signature of a message without DNS (dkimpy).

Usage: python3 Tests/Servers/smtp_dkim_check.py FILE KEY_RECORD
KEY_RECORD is the TXT record the selector would publish, e.g. "v=DKIM1; k=ed25519; p=...".
Prints "pass" or "fail" and exits 0 or 1.
"""

import sys

import dkim


def main():
    with open(sys.argv[1], "rb") as f:
        message = f.read()
    record = sys.argv[2].encode("ascii")
    ok = dkim.verify(message, dnsfunc=lambda name, timeout=5: record)
    print("pass" if ok else "fail")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
