#!/usr/bin/env python3
"""What one message file costs this machine's disk: COUNT files of SIZE bytes, each created in DIR/tmp, written,
fsynced, closed and renamed into DIR/cur, as mbsync does for every message with `FSync yes` (its default). mbsync's
time in the bench is mostly this (10,000 files of 157 KB on average), so this probe tells two machines of the same
states apart when mbsync's time differs: on 2026-12-07 mbsync's full pull took 9.5 s and, on the same machine half an
hour later (after 30 GB had been deleted), 15.9 s; this probe 1.9 s and then 3.2 s.

  disk_probe.py DIR [COUNT] [SIZE]      (defaults: 3000 files of 160,000 bytes)

Prints one JSON line: files, bytes, seconds (wall), ms per file.
"""
import json
import os
import sys
import time


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 160000
    data = os.urandom(size)
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    os.makedirs(os.path.join(root, "cur"), exist_ok=True)
    start = time.monotonic()
    for i in range(count):
        name = "%d.probe" % i
        tmp = os.path.join(root, "tmp", name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, os.path.join(root, "cur", name))
    seconds = time.monotonic() - start
    print(json.dumps({"files": count, "bytes": count * size, "seconds": round(seconds, 3),
                      "ms_per_file": round(1000 * seconds / count, 3)}))


if __name__ == "__main__":
    main()
