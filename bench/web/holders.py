#!/usr/bin/env python3
"""Holds many connections open against one local HTTP server, for the web benchmark.

idle:      opens N keep-alive connections, sends one full GET on each, reads the response, and keeps
           them open (idle) until SECONDS have passed.
slowloris: keeps N connections sending an unfinished request head, one header line every few
           seconds, reopening any the server closes, until SECONDS have passed.

Only 127.0.0.1 is ever contacted; the run is bounded by N and SECONDS.
"""
import socket
import sys
import time


def connect(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    return s


def idle(port, count, seconds, path):
    request = ("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % path).encode()
    sockets, ok = [], 0
    for _ in range(count):
        try:
            s = connect(port)
        except OSError as e:
            print("connect failed after %d: %s" % (len(sockets), e), flush=True)
            break
        s.sendall(request)
        sockets.append(s)
    for s in sockets:
        s.settimeout(10)
        try:
            data = s.recv(65536)
            if data.startswith(b"HTTP/1.1 200"):
                ok += 1
        except OSError:
            pass
    print("holding %d idle keep-alive connections (%d answered 200)" % (len(sockets), ok), flush=True)
    deadline = time.time() + seconds
    while time.time() < deadline:
        time.sleep(0.5)
    still_open = 0
    for s in sockets:
        s.setblocking(False)
        try:
            still_open += 1 if s.recv(1) != b"" else 0
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
        s.close()
    print("still open at the end: %d" % still_open, flush=True)


def slowloris(port, count, seconds, interval):
    head = b"GET / HTTP/1.1\r\nHost: localhost\r\n"
    conns = {}
    opened = reopened = 0
    deadline = time.time() + seconds
    n = 0
    while time.time() < deadline:
        while len(conns) < count and time.time() < deadline:
            try:
                s = connect(port)
                s.sendall(head)
                s.setblocking(False)
                conns[s.fileno()] = s
                opened += 1
            except OSError:
                time.sleep(0.05)
                break
        # drop the ones the server has answered (408) or closed, so that they get reopened
        n += 1
        for fd, s in list(conns.items()):
            try:
                s.recv(4096)
                gone = True
            except BlockingIOError:
                gone = False
            except OSError:
                gone = True
            if not gone:
                try:
                    s.send(b"X-Slow-%d: y\r\n" % n)
                except OSError:
                    gone = True
            if gone:
                conns.pop(fd, None)
                s.close()
                reopened += 1
        time.sleep(interval)
    print("slowloris: %d connections opened in total, %d closed by the server" % (opened, reopened), flush=True)
    for s in conns.values():
        s.close()


if __name__ == "__main__":
    mode, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    if mode == "idle":
        idle(port, count, seconds, sys.argv[5] if len(sys.argv) > 5 else "/")
    elif mode == "slowloris":
        slowloris(port, count, seconds, 2.0)
    else:
        sys.exit("mode is idle or slowloris")
