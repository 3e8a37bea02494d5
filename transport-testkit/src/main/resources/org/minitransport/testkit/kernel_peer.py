#!/usr/bin/env python3
"""The Linux side of the kernel interop tests: a small TCP client or server on the kernel's own
stack, run inside the test's network namespace. Each mode prints 'listening' (servers, once
ready) and then one JSON line with what it saw; errors become {"error": "..."} with exit 0, so
the Java side can assert on them. Data is pseudo-random from a seed; checks are SHA-256."""
import hashlib
import json
import os
import random
import socket
import struct
import sys
import threading
import time

CHUNK = 1 << 16
# The congestion control of the sockets this script makes (TCP_CONGESTION, e.g. "cubic"), when the
# Java side asks for one; else the namespace's default. Root may pick any loaded algorithm.
CONGESTION = os.environ.get("MT_TCP_CONGESTION")


def tuned(sock):
    if CONGESTION:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, CONGESTION.encode("ascii"))
    return sock


def report(**fields):
    print(json.dumps(fields), flush=True)


def data(count, seed):
    return random.Random(seed).randbytes(count)


def recv_all(sock):
    digest = hashlib.sha256()
    total = 0
    while True:
        chunk = sock.recv(CHUNK)
        if not chunk:
            return total, digest.hexdigest()
        digest.update(chunk)
        total += len(chunk)


def listen(port, backlog=128):
    server = tuned(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", port))
    server.listen(backlog)
    print("listening", flush=True)
    return server


def keepalive(sock, idle_s):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, idle_s)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)


def client_send(host, port, count, seed):
    """Sends count bytes, half-closes, and reads the peer's reply to the end."""
    payload = data(int(count), int(seed))
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=600) as sock:
        tuned(sock)
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while True:
            chunk = sock.recv(CHUNK)
            if not chunk:
                break
            reply += chunk
    report(sent=len(payload), sha256=hashlib.sha256(payload).hexdigest(),
           reply=reply.decode("ascii", "replace"), seconds=time.monotonic() - started)


def client_recv(host, port):
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        total, digest = recv_all(sock)
    report(received=total, sha256=digest)


def client_connect(host, port):
    """Connects and reports how the attempt ended: refused, or connected."""
    try:
        with socket.create_connection((host, int(port)), timeout=10):
            report(outcome="connected")
    except ConnectionRefusedError:
        report(outcome="refused")
    except OSError as e:
        report(outcome="error", error=str(e))


def client_abort(host, port):
    """Connects, sends a little, then aborts: close with SO_LINGER 0 sends a RST."""
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(b"about to abort\n")
    time.sleep(0.2)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    report(outcome="aborted")


def client_expect_reset(host, port):
    """Connects, sends a line, and reads until the peer's RST arrives."""
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"please reset me\n")
        try:
            while sock.recv(CHUNK):
                pass
            report(outcome="eof")
        except ConnectionResetError:
            report(outcome="reset")
        except OSError as e:
            report(outcome="error", error=str(e))


def client_many(host, port, connections, count):
    """Opens `connections` echo sessions at once; each sends `count` bytes and checks the echo."""
    connections, count = int(connections), int(count)
    results = [None] * connections
    ready = threading.Barrier(connections)

    def session(index):
        try:
            payload = data(count, index)
            with socket.create_connection((host, int(port)), timeout=60) as sock:
                ready.wait(timeout=60)
                sender = threading.Thread(target=lambda: (sock.sendall(payload),
                                                          sock.shutdown(socket.SHUT_WR)))
                sender.start()
                total, digest = recv_all(sock)
                sender.join()
            results[index] = digest == hashlib.sha256(payload).hexdigest() and total == count
        except Exception as e:  # noqa: BLE001 - report every failure as a result
            results[index] = str(e)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(verified=sum(1 for r in results if r is True),
           failures=[r for r in results if r is not True][:5])


def client_keepalive(host, port, idle):
    """Keep-alive probes every second after `idle` s idle, 3 unanswered ones kill the connection;
    stays idle for idle + 5 s, then checks the connection still echoes."""
    idle = int(idle)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        keepalive(sock, idle)
        sock.settimeout(30)
        sock.connect((host, int(port)))
        time.sleep(idle + 5)
        try:
            sock.sendall(b"still there?\n")
            reply = sock.recv(CHUNK)
            report(outcome="alive" if reply == b"still there?\n" else "wrong reply",
                   reply=reply.decode("ascii", "replace"))
        except OSError as e:
            report(outcome="dead", error=str(e))


def serve_sink(port):
    """Accepts one connection, reads it to the end, answers with the SHA-256 of what came, closes."""
    with listen(int(port)) as server:
        conn, _ = server.accept()
        with conn:
            total, digest = recv_all(conn)
            conn.sendall(digest.encode("ascii"))
    report(received=total, sha256=digest)


def serve_sink_after(port, delay):
    """Like serve-sink, with a small receive buffer left unread for `delay` s first: the peer
    meets a zero window and must probe it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
    server.bind(("0.0.0.0", int(port)))
    server.listen(16)
    print("listening", flush=True)
    with server:
        conn, _ = server.accept()
        with conn:
            time.sleep(float(delay))
            total, digest = recv_all(conn)
            conn.sendall(digest.encode("ascii"))
    report(received=total, sha256=digest)


def serve_source(port, count, seed):
    payload = data(int(count), int(seed))
    with listen(int(port)) as server:
        conn, _ = server.accept()
        with conn:
            conn.sendall(payload)
    report(sent=len(payload), sha256=hashlib.sha256(payload).hexdigest())


def serve_echo(port, connections):
    """Echoes `connections` connections at once, each to its end; then exits."""
    connections = int(connections)
    with listen(int(port), backlog=max(128, connections)) as server:
        threads = []
        for _ in range(connections):
            conn, _ = server.accept()

            def echo(c=conn):
                with c:
                    while True:
                        chunk = c.recv(CHUNK)
                        if not chunk:
                            break
                        c.sendall(chunk)
            thread = threading.Thread(target=echo)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
    report(served=connections)


def serve_reset(port):
    """Accepts one connection, reads one line, then aborts it with a RST."""
    with listen(int(port)) as server:
        conn, _ = server.accept()
        conn.recv(CHUNK)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    report(outcome="aborted")


def serve_expect_reset(port):
    """Accepts one connection and reads until the peer's RST arrives."""
    with listen(int(port)) as server:
        conn, _ = server.accept()
        with conn:
            try:
                while conn.recv(CHUNK):
                    pass
                report(outcome="eof")
            except ConnectionResetError:
                report(outcome="reset")


MODES = {
    "client-send": client_send, "client-recv": client_recv, "client-connect": client_connect,
    "client-abort": client_abort, "client-expect-reset": client_expect_reset,
    "client-many": client_many, "client-keepalive": client_keepalive,
    "serve-sink": serve_sink, "serve-sink-after": serve_sink_after, "serve-source": serve_source, "serve-echo": serve_echo,
    "serve-reset": serve_reset, "serve-expect-reset": serve_expect_reset,
}

if __name__ == "__main__":
    try:
        MODES[sys.argv[1]](*sys.argv[2:])
    except Exception as e:  # noqa: BLE001 - the Java side asserts on the message
        report(error="%s: %s" % (type(e).__name__, e))
