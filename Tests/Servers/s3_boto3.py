#!/usr/bin/env python3
"""Small boto3 actions the Swift tests need from an independent S3 client.

Reads JSON on stdin: action, endpoint, bucket, access_key, secret_key, and
- "put": key, body_base64 — writes an object without any checksum, as a tool
  other than Wenshu would (tests S3Store's byte comparison fallback);
- "list": prefix — prints a JSON array of the key names stored under prefix
  (tests that a key reached the server decoded exactly once).
"""
import base64
import json
import sys

import boto3
from botocore.config import Config

spec = json.load(sys.stdin)
client = boto3.client(
    "s3", endpoint_url=spec["endpoint"], region_name="us-east-1",
    aws_access_key_id=spec["access_key"], aws_secret_access_key=spec["secret_key"],
    config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"),
)
if spec["action"] == "put":
    client.put_object(Bucket=spec["bucket"], Key=spec["key"], Body=base64.b64decode(spec["body_base64"]))
elif spec["action"] == "list":
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=spec["bucket"], Prefix=spec["prefix"]):
        keys += [item["Key"] for item in page.get("Contents", [])]
    json.dump(keys, sys.stdout, ensure_ascii=False)
else:
    raise SystemExit(f"unknown action {spec['action']!r}")
