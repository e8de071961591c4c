#!/usr/bin/env python3
"""Write the gyroscope and accelerometer samples of a GoPro GPMF metadata track as CSV logs.

    gpmf-imu.py GPMD.bin PACKETS.csv OUTDIR

GPMD.bin is the track's payloads back to back (ffmpeg -map 0:N -c copy -f data), PACKETS.csv
their "pts_time,duration_time,size" lines (ffprobe -show_packets -of csv=p=0). Each payload
covers its packet's time span; its N samples of a stream are spread evenly over that span, so
sample i of a payload starting at s (duration d) is at s + i*d/N, written in whole microseconds.
The values are the camera's raw 16-bit readings as the track stores them (GPMF type 's'); the
header line gives the stream's SCAL divisor and unit (rad/s, m/s^2).

GPMF is a KLV format: a 4-character key, a type byte, a structure size byte and a 16-bit
big-endian repeat count, then size*repeat bytes padded to 4; type 0 nests KLVs.
"""
import struct
import sys


def klv(buf, off, end):
    while off + 8 <= end:
        key = buf[off:off + 4]
        typ, size, rep = struct.unpack(">cBH", buf[off + 4:off + 8])
        n = size * rep
        yield key, typ, size, rep, buf[off + 8:off + 8 + n]
        off += 8 + ((n + 3) & ~3)


def streams(payload):
    """Yields (key, scal, unit, samples) for each GYRO and ACCL stream of a payload."""
    for key, typ, _, _, data in klv(payload, 0, len(payload)):
        if key != b"DEVC" or typ != b"\0":
            continue
        for k2, t2, _, _, d2 in klv(data, 0, len(data)):
            if k2 != b"STRM" or t2 != b"\0":
                continue
            scal, unit = None, ""
            for k3, t3, s3, r3, d3 in klv(d2, 0, len(d2)):
                if k3 == b"SCAL":
                    fmt = {b"s": "h", b"S": "H", b"l": "i", b"L": "I", b"f": "f"}[t3]
                    scal = struct.unpack(">" + fmt * (len(d3) // struct.calcsize(fmt)), d3)
                elif k3 == b"SIUN":
                    unit = d3.rstrip(b"\0").decode("latin-1")
                elif k3 in (b"GYRO", b"ACCL"):
                    if t3 != b"s" or s3 != 6:
                        raise SystemExit(f"{k3!r}: type {t3!r} size {s3}, expected 's' 6")
                    yield k3.decode(), scal, unit, [struct.unpack(">hhh", d3[i * 6:i * 6 + 6]) for i in range(r3)]


def main():
    gpmd, packets, out = sys.argv[1:4]
    buf = open(gpmd, "rb").read()
    rows = {"GYRO": [], "ACCL": []}
    meta = {}
    off = 0
    for line in open(packets):
        pts, dur, size = line.strip().split(",")[:3]
        size = int(size)
        # Microseconds, exact from the decimal text (ffprobe prints 6 decimals).
        s_us = int(round(float(pts) * 1e6))
        d_us = int(round(float(dur) * 1e6))
        for key, scal, unit, samples in streams(buf[off:off + size]):
            meta[key] = (scal, unit)
            n = len(samples)
            for i, v in enumerate(samples):
                rows[key].append((s_us + i * d_us // n,) + v)
        off += size
    if off != len(buf):
        raise SystemExit(f"packets cover {off} bytes of {len(buf)}")
    for key, name, cols in (("GYRO", "gyro.csv", "gyro"), ("ACCL", "accl.csv", "accl")):
        scal, unit = meta[key]
        with open(f"{out}/{name}", "w", newline="\n") as f:
            f.write(f"t_us,{cols}_x,{cols}_y,{cols}_z\n")
            for r in rows[key]:
                f.write("%d,%d,%d,%d\n" % r)
        print(f"{name}: {len(rows[key])} rows, raw counts / {scal[0]} = {unit}")


main()
