#!/usr/bin/env python3
"""Parses a stored .eml with Python's `email` (policy=default) and prints what the tests compare.

Usage: python3 Tests/Servers/smtp_check.py FILE [SAVE_DIR]
Prints one JSON object: subject, from_name, to_name, to_address, message_id, text, html and
attachments (filename, sha256, content_type) for every attachment part. With SAVE_DIR, each
attachment's bytes are also written there as <sha256>.bin, for the tests to read with other tools.
"""

import email
import hashlib
import json
import sys
from email import policy


def main():
    with open(sys.argv[1], "rb") as f:
        message = email.message_from_binary_file(f, policy=policy.default)
    sender, recipient = message["from"].addresses[0], message["to"].addresses[0]
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_content()
        if isinstance(payload, str):
            payload = payload.encode("utf-8")
        if len(sys.argv) > 2:
            with open(f"{sys.argv[2]}/{hashlib.sha256(payload).hexdigest()}.bin", "wb") as out:
                out.write(payload)
        attachments.append({
            "filename": part.get_filename(),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "content_type": part.get_content_type(),
        })
    print(json.dumps({
        "subject": str(message["subject"]),
        "from_name": sender.display_name,
        "to_name": recipient.display_name,
        "to_address": recipient.addr_spec,
        "message_id": str(message["message-id"]),
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "attachments": attachments,
        "defects": [type(d).__name__ for d in message.defects],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
