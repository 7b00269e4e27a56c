#!/usr/bin/env python3
# Photo flood (issue #16, item 4): 100 connections from four loopback addresses each POST a
# 2.86 MB body to /api/v1/public/reports at once; prints the server's RSS before, the statuses,
# and its peak RSS (VmHWM). The body's photo is not a real JPEG (the reports read end in 400):
# what is measured is the memory the bodies pin, not the reports.
#
#   elink serve --db center.db --listen 127.0.0.1:0 &   # note its port and pid
#   python3 bench/photo_flood.py PORT PID
import socket, sys, threading, time, collections
port, pid = int(sys.argv[1]), sys.argv[2]
def rss(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field): return int(line.split()[1]) // 1024
N, SIZE = 100, 2_860_000
body = b'{"type":"flood.waterlogging","text":"x","location":{"lat":37.8,"lon":-122.43},"photo":{"media_type":"image/jpeg","data":"' + b"A" * (SIZE - 150) + b'"}}'
head = (f"POST /api/v1/public/reports HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
statuses = collections.Counter()
lock = threading.Lock()
def one(i):
    s = socket.socket()
    s.bind((f"127.0.0.{2 + i % 4}", 0))  # four addresses: under the per-address limit (64)
    s.connect(("127.0.0.1", port))
    try:
        s.sendall(head)
        try:
            s.sendall(body)
        except OSError:
            pass
        data = b""
        s.settimeout(30)
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk: break
            data += chunk
        st = data.split(b" ")[1].decode() if data else "closed"
    except OSError as e:
        st = "error"
    with lock: statuses[st] += 1
    s.close()
print("rss before", rss("VmRSS:"), "MB")
ts = [threading.Thread(target=one, args=(i,)) for i in range(N)]
for t in ts: t.start()
for t in ts: t.join()
print("statuses", dict(statuses))
print("peak rss (VmHWM)", rss("VmHWM:"), "MB; rss now", rss("VmRSS:"), "MB")
