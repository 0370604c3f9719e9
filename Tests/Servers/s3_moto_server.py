#!/usr/bin/env python3
"""Runs moto_server on free loopback ports for the WenshuStorage tests.

Starts two `moto_server -H 127.0.0.1 -p PORT` processes:
- "endpoint": signature checks on; an IAM user with an access key allowed `s3:*`
  and one bucket are created;
- "unsigned_endpoint": signature checks off, same bucket name. moto recomputes a
  signature from the URL as its web layer rebuilds it, which differs from the
  request's for non-ASCII keys and for `!'()*` in a key, so even botocore gets
  SignatureDoesNotMatch there; keys like `policies/张三/保单.pdf` are tested here.

Then prints one JSON line: {"endpoint", "unsigned_endpoint", "bucket",
"access_key", "secret_key"}. It stops both servers when its stdin closes, so
they never outlive the test process that started them.

Why INITIAL_NO_AUTH_ACTION_COUNT=3: moto checks signatures only after that many
requests (counted across services). The first three are the IAM calls that make
the key; everything after them, the bucket creation included, is authenticated.
"""
import json
import os
import socket
import subprocess
import sys
import time

import boto3
from botocore.config import Config

BUCKET = sys.argv[1] if len(sys.argv) > 1 else "wenshu-documents"
UNAUTHENTICATED_SETUP_CALLS = 3


def free_ports(count):
    """Distinct free ports: every probe socket stays open until all are chosen."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def wait_until_listening(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"moto_server exited with status {process.returncode}")
        try:
            # A bare connect is not an S3 or IAM action, so it does not use up
            # one of the unauthenticated requests.
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start listening in time")


def start(port, environment):
    return subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def create_unsigned_bucket(endpoint):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="unsigned", aws_secret_access_key="unsigned",
                      config=Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket=BUCKET)


def set_up(endpoint):
    bootstrap = dict(endpoint_url=endpoint, region_name="us-east-1",
                     aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    iam = boto3.client("iam", **bootstrap)
    iam.create_user(UserName="wenshu")
    key = iam.create_access_key(UserName="wenshu")["AccessKey"]
    policy = {"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    iam.put_user_policy(UserName="wenshu", PolicyName="wenshu-s3", PolicyDocument=json.dumps(policy))
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                      config=Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket=BUCKET)
    return key


def main():
    port, unsigned_port = free_ports(2)
    signed_environment = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(UNAUTHENTICATED_SETUP_CALLS))
    unsigned_environment = {name: value for name, value in os.environ.items() if name != "INITIAL_NO_AUTH_ACTION_COUNT"}
    processes = [start(port, signed_environment), start(unsigned_port, unsigned_environment)]
    try:
        wait_until_listening(port, processes[0])
        wait_until_listening(unsigned_port, processes[1])
        endpoint = f"http://127.0.0.1:{port}"
        unsigned_endpoint = f"http://127.0.0.1:{unsigned_port}"
        key = set_up(endpoint)
        create_unsigned_bucket(unsigned_endpoint)
        print(json.dumps({"endpoint": endpoint, "unsigned_endpoint": unsigned_endpoint, "bucket": BUCKET,
                          "access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}), flush=True)
        sys.stdin.read()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
