#!/usr/bin/env python3
"""Writes the tiny colour-class images used by the classify CLI tests.

red/, green/, blue/: four 16x16 RGB PNGs each, a solid colour with seeded noise (+-24 per channel),
so the classes are easy for any feature extractor and the files are a few hundred bytes. Standard
library only: PNG is written by hand (zlib + CRC), deterministically.
Run from anywhere: python3 make_images.py
"""
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
COLOURS = {"red": (220, 30, 30), "green": (30, 200, 40), "blue": (30, 40, 220)}
SIZE = 16
PER_CLASS = 4
NOISE = 24


def png(width, height, rgb_rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rgb_rows)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    rng = random.Random(20240611)
    for name, colour in COLOURS.items():
        os.makedirs(os.path.join(HERE, name), exist_ok=True)
        for k in range(PER_CLASS):
            rows = []
            for _ in range(SIZE):
                row = []
                for _ in range(SIZE):
                    row += [max(0, min(255, c + rng.randint(-NOISE, NOISE))) for c in colour]
                rows.append(row)
            with open(os.path.join(HERE, name, f"{k}.png"), "wb") as f:
                f.write(png(SIZE, SIZE, rows))


if __name__ == "__main__":
    main()
