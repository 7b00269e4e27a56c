#!/usr/bin/env python3
# Catch-up flood (issue #16, item 4): N WebSocket clients that never read ask the stream for the
# whole log (after=0, a 4 KiB receive buffer each), then one normal client does too; prints how
# long the normal one takes to get caught_up, and whether it got every event once, in order.
#
#   elink stress --db center.db --threads 4 --cycles 1000 --no-sync    # a log to replay
#   elink serve --db center.db --listen 127.0.0.1:0 &                   # note its port
#   python3 bench/catch_up_flood.py PORT TOKEN 0; python3 bench/catch_up_flood.py PORT TOKEN 50
import socket, sys, time, json, base64, os
port, token, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def upgrade(rcvbuf=0):
    s = socket.socket()
    if rcvbuf: s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /api/v1/stream?token={token}&after=0 HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    return s
silent = [upgrade(4096) for _ in range(n)]
time.sleep(0.5)
start = time.monotonic()
s = upgrade()
buf = b""
def need(k):
    global buf
    while len(buf) < k:
        c = s.recv(65536)
        if not c: raise SystemExit("closed")
        buf += c
need(4); end = buf.index(b"\r\n\r\n"); assert b" 101 " in buf[:end], buf[:end]; buf = buf[end + 4:]
events = 0
seqs = []
while True:
    need(2); ln = buf[1] & 0x7f; off = 2
    if ln == 126: need(4); ln = int.from_bytes(buf[2:4], "big"); off = 4
    elif ln == 127: need(10); ln = int.from_bytes(buf[2:10], "big"); off = 10
    need(off + ln); payload = buf[off:off + ln]; op = buf[0] & 0x0f; buf = buf[off + ln:]
    if op != 1: continue
    m = json.loads(payload)
    if m.get("kind") == "caught_up": break
    events += 1
    seqs.append(m.get("seq"))
print("unique", len(set(seqs)), "in order", seqs == sorted(seqs), "first", seqs[:3], "last", seqs[-3:])
print(f"{n} silent clients: caught_up after {time.monotonic() - start:.3f} s, {events} events")
