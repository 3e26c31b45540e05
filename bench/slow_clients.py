#!/usr/bin/env python3
"""Holds slow connections to 127.0.0.1:PORT for bench/slow-clients until killed.

Usage: slow_clients.py PORT IDLE TRICKLING
IDLE connections send nothing; TRICKLING ones send a request line and then one
header byte a second (slowloris). A connection the server closes is reopened at
once, so the given numbers stay held. Prints how many were reopened when killed.
"""
import selectors
import signal
import socket
import sys
import time

port, idle_count, trickling_count = (int(arg) for arg in sys.argv[1:4])
REQUEST_START = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
reopened = 0
selector = selectors.DefaultSelector()


def open_connection(trickling):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setblocking(False)
    if trickling:
        connection.send(REQUEST_START)
    selector.register(connection, selectors.EVENT_READ, trickling)


def stop(*_):
    print(f"reopened {reopened} connections the server closed")
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
for _ in range(idle_count):
    open_connection(False)
for _ in range(trickling_count):
    open_connection(True)
last_trickle = time.monotonic()
while True:
    for key, _ in selector.select(timeout=0.1):
        try:
            data = key.fileobj.recv(4096)
        except OSError:
            data = b""
        if not data:  # closed by the server: take another connection
            selector.unregister(key.fileobj)
            key.fileobj.close()
            reopened += 1
            open_connection(key.data)
    if time.monotonic() - last_trickle >= 1.0:
        last_trickle = time.monotonic()
        for key in list(selector.get_map().values()):
            if key.data:
                try:
                    key.fileobj.send(b"x")
                except OSError:
                    pass
