#!/usr/bin/env python3
"""A slow HTTPS client for the API server's timeouts: `head` trickles a request head one byte
every two seconds and never ends it; `body` sends a head promising 100 bytes of body and only
10. Prints how it ended: `closed after N s, no answer`, or the answer's status line, its body
and whether the server then closed the connection."""
import socket
import ssl
import sys
import time

port, pki, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=pki + "/ca.crt")
ctx.check_hostname = False
ctx.load_cert_chain(pki + "/admin.crt", pki + "/admin.key")
sock = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
start = time.time()


def read_some(timeout):
    """Bytes read (b"" once the server has closed), or None when nothing came in time."""
    sock.settimeout(timeout)
    try:
        return sock.recv(65536)
    except (socket.timeout, TimeoutError):
        return None
    except (ssl.SSLError, OSError):
        return b""


if mode == "head":
    head = b"GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 100
    for byte in head:
        try:
            sock.send(bytes([byte]))
        except (ssl.SSLError, OSError):
            break
        got = read_some(2)
        if got is None:
            continue
        if got:
            print("answered: %r" % got[:200])
        break
    else:
        print("still open after %d s" % (time.time() - start))
        sys.exit(0)
    print("closed after %d s, no answer" % (time.time() - start))
else:
    sock.send(b"POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"apiVers")
    data = b""
    while True:
        got = read_some(60)
        if not got:
            break
        data += got
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    print("after %d s: %s" % (time.time() - start, lines[0]))
    for line in lines[1:]:
        print(line)
    print(body.decode(errors="replace"))
    print("closed" if got == b"" else "still open")
