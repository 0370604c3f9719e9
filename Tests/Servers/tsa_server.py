#!/usr/bin/env python3
"""A small RFC 3161 timestamp authority on a free loopback port, for the WenshuSigning tests.

Usage: python3 Tests/Servers/tsa_server.py TSA_CERT TSA_KEY CHAIN_PEM

Each POST of an `application/timestamp-query` is answered by `openssl ts -reply` with the given TSA
certificate and key (the chain file's certificates go into the token), as
`application/timestamp-reply`. Other paths inject faults for the client's error handling:

  /status/500      HTTP 500
  /garbage         HTTP 200 with bytes that are not a TimeStampResp
  /slow            answers after 30 seconds (for client timeouts)
  /other-imprint   a valid token, but for a different digest and nonce than asked
  /reject          a TimeStampResp with status 2 (rejection) and failInfo badAlg

Prints one JSON line {"url": "http://127.0.0.1:PORT/"} once listening, and stops when its stdin
closes, so it never outlives the test process that started it.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CERT, KEY, CHAIN = sys.argv[1:4]
WORK = tempfile.mkdtemp(prefix="wenshu-tsa-")
CONFIG = os.path.join(WORK, "tsa.cnf")
LOCK = threading.Lock()

with open(os.path.join(WORK, "serial"), "w") as f:
    f.write("01\n")
with open(CONFIG, "w") as f:
    f.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {WORK}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")

# DER of TimeStampResp { PKIStatusInfo { status 2, failInfo BIT STRING badAlg (bit 0) } }.
REJECTION = bytes([0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80])


def reply(query):
    with LOCK:
        query_path = os.path.join(WORK, "query.tsq")
        reply_path = os.path.join(WORK, "reply.tsr")
        with open(query_path, "wb") as f:
            f.write(query)
        result = subprocess.run(["openssl", "ts", "-reply", "-config", CONFIG, "-queryfile", query_path,
                                 "-signer", CERT, "-inkey", KEY, "-chain", CHAIN, "-out", reply_path],
                                capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode(errors="replace"))
        with open(reply_path, "rb") as f:
            return f.read()


def other_query():
    """A query for a digest nobody asked about, with openssl's own nonce."""
    data_path = os.path.join(WORK, "other.bin")
    with open(data_path, "wb") as f:
        f.write(os.urandom(32))
    result = subprocess.run(["openssl", "ts", "-query", "-data", data_path, "-sha256", "-cert"],
                            capture_output=True, check=True)
    return result.stdout


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        query = self.rfile.read(length)
        path = urlsplit(self.path).path
        if path == "/status/500":
            return self.answer(500, b"internal error", "text/plain")
        if path == "/garbage":
            return self.answer(200, b"this is not DER", "application/timestamp-reply")
        if path == "/slow":
            time.sleep(30)
        if path == "/reject":
            return self.answer(200, REJECTION, "application/timestamp-reply")
        if self.headers.get("Content-Type") != "application/timestamp-query":
            return self.answer(415, b"expected application/timestamp-query", "text/plain")
        try:
            body = reply(other_query() if path == "/other-imprint" else query)
        except Exception as error:  # openssl refused the query: report it, as a TSA would
            return self.answer(400, str(error).encode(), "text/plain")
        self.answer(200, body, "application/timestamp-reply")

    def answer(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}/"}), flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
