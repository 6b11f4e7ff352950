#!/usr/bin/env python3
"""A TCP proxy that adds a fixed delay to every round trip, for measuring a sync against a server that is not on
the same machine (this machine's kernel has no netem). Each chunk the client sends waits DELAY seconds before it is
forwarded; the server's answers pass at once. IMAP clients wait for an answer before their next command (Mailmind
pipelines nothing), so every command's round trip becomes about DELAY longer.

  python3 bench/delay_proxy.py 0.02 11144          # listen on 127.0.0.1:11144, forward to 127.0.0.1:11143
  ./mailmind sync --host 127.0.0.1 --port 11144 --security plain ...

It forwards every byte in Python (a few CPU-seconds for the 1.57 GB mailbox, on the same 2 cores), so compare runs
through it with each other, not with runs without it. Stop it with kill.
"""
import socket
import sys
import threading
import time

DELAY = float(sys.argv[1])
LISTEN = int(sys.argv[2]) if len(sys.argv) > 2 else 11144
TARGET = int(sys.argv[3]) if len(sys.argv) > 3 else 11143


def pipe(src, dst, delay):
    try:
        while True:
            chunk = src.recv(65536)
            if not chunk:
                break
            if delay:
                time.sleep(delay)
            dst.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", LISTEN))
    listener.listen(64)
    while True:
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", TARGET))
        for a, b, delay in ((client, server, DELAY), (server, client, 0)):
            a.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=pipe, args=(a, b, delay), daemon=True).start()


if __name__ == "__main__":
    main()
