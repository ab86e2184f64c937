# Reads the stream of stream_server.py for a number of seconds and checks that no byte was lost,
# duplicated or reordered; prints one line: backend=<name> bytes=<n> errors=<n> max_gap_ms=<n> reset=<0|1>
import socket, sys, time
host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.create_connection((host, port), timeout=10)
line = b""
while not line.endswith(b"\n"):
    ch = s.recv(1)
    if not ch:
        break
    line += ch
name = line.decode().strip()
print("connected backend=" + name, flush=True)
expect, total, errors, max_gap, reset = 0, 0, 0, 0.0, 0
last = time.monotonic()
end = last + seconds
s.settimeout(10)
while time.monotonic() < end:
    try:
        data = s.recv(65536)
    except OSError:
        reset = 1
        break
    if not data:
        reset = 1
        break
    now = time.monotonic()
    max_gap = max(max_gap, now - last)
    last = now
    for b in data:
        if b != expect:
            errors += 1
            expect = b
        expect = (expect + 1) % 251
    total += len(data)
print("backend=%s bytes=%d errors=%d max_gap_ms=%d reset=%d" % (name, total, errors, int(max_gap * 1000), reset), flush=True)
