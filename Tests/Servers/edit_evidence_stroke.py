#!/usr/bin/env python3
"""Changes one stroke point in a claim form's embedded signature evidence, as a forger would.

Usage: python3 Tests/Servers/edit_evidence_stroke.py IN.pdf OUT.pdf
Finds the /EmbeddedFile stream, inflates it, moves the first stroke's first point one unit right,
deflates it again and writes it back in the same number of bytes (padded after the zlib data, which
readers ignore), so every offset and the signature's /ByteRange still hold and only the digest can
tell. Prints the old and new x.
"""

import json
import re
import sys
import zlib


def main():
    data = open(sys.argv[1], "rb").read()
    head = re.search(rb"/Type\s*/EmbeddedFile\b", data)
    if head is None:
        sys.exit("no /EmbeddedFile stream")
    start = data.rfind(b"<<", 0, head.start())
    length = re.search(rb"/Length\s+(\d+)", data[start:head.end() + 400])
    body = data.index(b"stream\n", head.end()) + len(b"stream\n")
    n = int(length.group(1))
    evidence = json.loads(zlib.decompress(data[body:body + n]))
    point = evidence["signature"]["strokes"][0][0]
    old = point["x"]
    point["x"] = old + 1
    text = json.dumps(evidence, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    packed = min((zlib.compress(text, level) for level in range(1, 10)), key=len)
    if len(packed) > n:
        sys.exit(f"the edited evidence does not fit in {n} bytes")
    out = data[:body] + packed + b" " * (n - len(packed)) + data[body + n:]
    assert len(out) == len(data)
    open(sys.argv[2], "wb").write(out)
    print(json.dumps({"old": old, "new": point["x"]}))


if __name__ == "__main__":
    main()
