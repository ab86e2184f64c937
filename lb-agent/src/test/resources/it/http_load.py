#!/usr/bin/env python3
"""Steady HTTP load through a VIP: one new connection per request, for a bounded time.

usage: http_load.py VIP PORT SECONDS
Prints one line per request: "<epoch_ms at the end> ok <body>" or "<epoch_ms> fail <why>".
"""
import socket
import sys
import time

vip, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.time() + seconds
while time.time() < end:
    try:
        with socket.create_connection((vip, port), timeout=0.5) as s:
            s.settimeout(0.5)
            s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        body = data.split(b"\r\n\r\n", 1)[-1].decode(errors="replace").strip()
        ok = data.startswith(b"HTTP/1.0 200") and body.startswith("backend-")
        line = ("ok " + body) if ok else ("fail bad-reply")
    except OSError as e:
        line = "fail " + type(e).__name__
    print("%d %s" % (int(time.time() * 1000), line), flush=True)
    time.sleep(0.005)
print("done", flush=True)
