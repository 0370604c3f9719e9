#!/usr/bin/env python3
"""Fault-injecting SMTP server for the WenshuMail tests (aiosmtpd).

Usage:
    python3 Tests/Servers/smtp_server.py --host 127.0.0.1 --base-port P --spool DIR \
        [--fault-rate 0.3] [--slow-seconds 3] [--exit-on-stdin-eof] [--remove-spool-on-exit] [--reuse-port]

One listener per mode on P + offset (see MODES). Each accepted message is written to
DIR/<mode>/<unique>.eml through a temporary file and a rename, so a reader never sees half a
file. Prints "ready" once every listener is up and runs until killed (or, with
--exit-on-stdin-eof, until its stdin closes, so a crashed test process leaves no orphan).
With --remove-spool-on-exit it deletes DIR when it stops that way. With --reuse-port several
servers can listen on the same ports (SO_REUSEPORT; the kernel spreads connections between them),
so the benchmark can give Python more than one core.

Faults fire with probability --fault-rate per connection or command, and always on the first
one of each mode, so that a short run (a pooled client may open only a handful of connections)
still meets its fault; `rcpt550` always fires.
Mode `starttls` requires STARTTLS and AUTH, mode `smtps` is implicit TLS with AUTH; both accept
user "wenshu" with password "s3cret" and use a self-signed certificate written to DIR/cert.pem
(key in DIR/key.pem) for 127.0.0.1 and localhost.
"""

import argparse
import asyncio
import datetime
import ipaddress
import itertools
import os
import random
import shutil
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

MODES = ["ok", "greet421", "rcpt451", "rcpt452", "rcpt550", "dropdata", "dropdot", "slow",
         "starttls", "smtps"]
USER, PASSWORD = b"wenshu", b"s3cret"
_counter = itertools.count()


def make_certificate(spool):
    """Writes a self-signed CA-capable certificate for 127.0.0.1/localhost; returns the paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = os.path.join(spool, "cert.pem"), os.path.join(spool, "key.pem")
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(cert_path + ".tmp", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    os.replace(cert_path + ".tmp", cert_path)
    return cert_path, key_path


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and \
        auth_data.login == USER and auth_data.password == PASSWORD
    return AuthResult(success=ok, handled=False)


class Handler:
    """Stores messages and injects the RCPT, MAIL and end-of-data faults of one mode."""

    def __init__(self, mode, spool, fault_rate, slow_seconds):
        self.mode, self.fault_rate, self.slow_seconds = mode, fault_rate, slow_seconds
        self.fired_once = False
        self.directory = os.path.join(spool, mode)
        os.makedirs(self.directory, exist_ok=True)

    def fires(self):
        if not self.fired_once:
            self.fired_once = True
            return True
        return random.random() < self.fault_rate

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mode == "slow" and self.fires():
            await asyncio.sleep(self.slow_seconds)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "rcpt550":
            return "550 5.1.1 Mailbox unavailable"
        if self.mode == "rcpt451" and self.fires():
            return "451 4.3.0 Temporary local problem"
        if self.mode == "rcpt452" and self.fires():
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.store(envelope.original_content or envelope.content)
        if self.mode == "dropdot" and self.fires():
            # Stored, but the client never learns it: the ambiguous case.
            server.transport.abort()
            return "250 OK (never sent)"
        return "250 2.0.0 Queued"

    def store(self, content):
        unique = "%d-%d-%d" % (os.getpid(), next(_counter), random.getrandbits(32))
        temporary = os.path.join(self.directory, "." + unique + ".tmp")
        with open(temporary, "wb") as f:
            f.write(content)
        os.replace(temporary, os.path.join(self.directory, unique + ".eml"))


class FaultSMTP(SMTP):
    """aiosmtpd's server plus the faults that need the protocol itself."""

    def __init__(self, handler, **kwargs):
        super().__init__(handler, **kwargs)
        self.mode = handler.mode

    async def _handle_client(self):
        if self.mode == "greet421" and self.event_handler.fires():
            await self.push("421 4.3.2 Service not available, closing channel")
            self.transport.close()
            return
        await super()._handle_client()

    async def smtp_DATA(self, arg):
        if self.mode != "dropdata" or not self.envelope.rcpt_tos or not self.event_handler.fires():
            return await super().smtp_DATA(arg)
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        received = 0
        while received < 64 * 1024:
            chunk = await self._reader.read(16 * 1024)
            if not chunk:
                break
            received += len(chunk)
        # Unread bytes remain in the socket, so the kernel answers with a reset.
        self.transport.abort()


def build_server(mode, args, tls):
    handler = Handler(mode, args.spool, args.fault_rate, args.slow_seconds)
    options = dict(hostname="wenshu-test", authenticator=authenticate, data_size_limit=64 << 20)
    if mode == "starttls":
        options.update(tls_context=tls, require_starttls=True, auth_required=True)
    elif mode == "smtps":
        options.update(auth_required=True, auth_require_tls=False)
    return lambda: FaultSMTP(handler, **options)


async def serve(args):
    cert_path, key_path = make_certificate(args.spool)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert_path, key_path)
    loop = asyncio.get_running_loop()
    for offset, mode in enumerate(MODES):
        await loop.create_server(build_server(mode, args, tls), args.host, args.base_port + offset,
                                 ssl=tls if mode == "smtps" else None, reuse_port=args.reuse_port)
    print("ready", flush=True)
    if args.exit_on_stdin_eof:
        stop = asyncio.Event()

        def watch():
            sys.stdin.buffer.read()
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=watch, daemon=True).start()
        await stop.wait()
    else:
        await asyncio.Event().wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--base-port", type=int, required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--slow-seconds", type=float, default=3.0)
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--remove-spool-on-exit", action="store_true")
    parser.add_argument("--reuse-port", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.spool, exist_ok=True)
    try:
        asyncio.run(serve(args))
    except OSError as error:
        print("error: %s" % error, file=sys.stderr, flush=True)
        sys.exit(2)
    except KeyboardInterrupt:
        pass
    if args.remove_spool_on_exit:
        shutil.rmtree(args.spool, ignore_errors=True)


if __name__ == "__main__":
    main()
