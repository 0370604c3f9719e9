#!/usr/bin/env python3
"""Writes the small PNG assets of Templates/ (logo, seal) with the standard library only.

The seal is a red, translucent, text-free round stamp (ring + inner ring + star); the logo is a
blue rounded square with a white wave. Re-run to regenerate: python3 scripts/make-template-assets.py
"""
import math, struct, zlib, os

def png(path, w, h, pixel):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw += bytes(pixel(x + 0.5, y + 0.5))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

def star(x, y, cx, cy, r):
    # Inside a five-pointed star of outer radius r (polar test against the star's edge).
    dx, dy = x - cx, y - cy
    d = math.hypot(dx, dy)
    if d > r: return False
    a = (math.atan2(dy, dx) + math.pi / 2) % (2 * math.pi / 5)
    a = abs(a - math.pi / 5)
    inner = r * 0.382
    t = a / (math.pi / 5)  # 0 at a point of the star, 1 between two points
    return d <= inner + (r - inner) * (1 - t) ** 1.6

def seal(x, y):
    s = 240; c = s / 2
    d = math.hypot(x - c, y - c)
    red = (200, 20, 30)
    on = (104 <= d <= 114) or (96 <= d <= 98) or star(x, y, c, c, 34)
    return (*red, 190) if on else (0, 0, 0, 0)

def logo(x, y):
    s = 160
    m = 12; r = 28
    cx = min(max(x, m + r), s - m - r); cy = min(max(y, m + r), s - m - r)
    inside = math.hypot(x - cx, y - cy) <= r
    if not inside: return (0, 0, 0, 0)
    wave = 80 + 18 * math.sin((x - 12) / 136 * 2 * math.pi)
    if abs(y - wave) < 9 or abs(y - wave - 34) < 6: return (255, 255, 255, 255)
    return (18, 72, 140, 255)

root = os.path.join(os.path.dirname(__file__), "..", "Templates")
for name in ["epolicy", "visa-certificate", "invoice", "claim-form"]:
    png(os.path.join(root, name, "logo.png"), 160, 160, logo)
for name in ["epolicy", "visa-certificate", "claim-form"]:
    png(os.path.join(root, name, "seal.png"), 240, 240, seal)
