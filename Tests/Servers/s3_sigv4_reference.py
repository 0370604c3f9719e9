#!/usr/bin/env python3
"""Reference AWS Signature Version 4 signatures computed by botocore.

Reads a JSON array of request specs on stdin and prints a JSON array of results,
so the Swift signer can be compared with botocore's ``S3SigV4Auth`` on the same
inputs. One process signs every case, which keeps the Swift test fast.

Spec fields:
  method, scheme, host (with port), path (raw, unencoded), query ([[name, value]]),
  headers ([[name, value]]), payload_sha256, access_key, secret_key,
  session_token (or null), region, service, timestamp ("YYYYMMDDTHHMMSSZ").

Result fields: authorization, url (as botocore would send it), x_amz_date.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode


def sign(spec):
    timestamp = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
    # botocore's S3 serializer encodes a key with safe='/~' (its {Key+} label).
    path = percent_encode(spec["path"], safe="/~")
    url = f'{spec["scheme"]}://{spec["host"]}{path}'
    request = AWSRequest(
        method=spec["method"],
        url=url,
        params=[tuple(pair) for pair in spec["query"]] or None,
    )
    for name, value in spec["headers"]:
        # HTTPHeaders is an email.message.Message: assignment appends, so a
        # repeated header keeps every value, as on the wire.
        request.headers[name] = value
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("session_token"))
    auth = botocore.auth.S3SigV4Auth(credentials, spec["service"], spec["region"])
    # S3SigV4Auth hashes request.body itself; the spec carries the hash instead.
    auth.payload = lambda _request: spec["payload_sha256"]
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=timestamp):
        auth.add_auth(request)
    prepared = request.prepare()
    return {
        "authorization": request.headers["Authorization"],
        "url": prepared.url,
        "x_amz_date": request.headers["X-Amz-Date"],
    }


def main():
    specs = json.load(sys.stdin)
    json.dump([sign(spec) for spec in specs], sys.stdout)


if __name__ == "__main__":
    main()
