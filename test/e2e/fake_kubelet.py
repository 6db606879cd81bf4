#!/usr/bin/env python3
"""A stand-in kubelet for the API server's connect/proxy tests.

HTTPS (optionally demanding a client certificate) with /healthz, /containerLogs (plain and
follow), /exec and /attach over a v5.channel.k8s.io websocket (stdin echoed to stdout, or
the command's arguments printed), and /echo/... which answers with what it was asked.
A plain HTTP listener answers /echo/... too, for services/proxy. Every request line is
appended to --log. Prints "PORTS <https> <http>" once listening."""
import argparse
import base64
import hashlib
import http.server
import json
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse

LINES = 5
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        with open(self.server.logfile, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))

    def reply(self, code, body, ctype="text/plain"):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Fake", "kubelet")
        self.end_headers()
        self.wfile.write(data)

    def chunk(self, text):
        data = text.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        parts = url.path.split("/")
        if url.path == "/healthz":
            return self.reply(200, "ok")
        if url.path.startswith("/echo"):
            return self.reply(200, "%s %s?%s" % (self.command, url.path, url.query))
        if parts[1] == "containerLogs" and len(parts) == 5:
            return self.logs(parts[4], q)
        if parts[1] in ("exec", "attach") and len(parts) == 5:
            return self.stream(q)
        return self.reply(404, "404 page not found")

    do_POST = do_GET
    do_PUT = do_GET
    do_DELETE = do_GET

    def logs(self, container, q):
        if container == "waiting":
            return self.reply(400, 'container "waiting" in pod "p" is waiting to start: '
                              "ContainerCreating")
        if container == "gone":
            return self.reply(404, "no such container")
        lines = ["%s line %d\n" % (container, i) for i in range(1, LINES + 1)]
        if "tailLines" in q:
            n = int(q["tailLines"][0])
            lines = lines[len(lines) - n:] if n else []
        if q.get("timestamps") == ["true"]:
            lines = ["2024-01-01T00:00:0%dZ %s" % (i, l) for i, l in enumerate(lines)]
        if q.get("follow") != ["true"]:
            return self.reply(200, "".join(lines))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for l in lines:
            self.chunk(l)
        for i in range(3):
            time.sleep(0.3)
            self.chunk("%s follow %d\n" % (container, i))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True

    # ---- websocket, v5.channel.k8s.io: one byte of channel, then data ----

    def stream(self, q):
        key = self.headers.get("Sec-WebSocket-Key")
        offered = [p.strip() for p in self.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        if not key or "v5.channel.k8s.io" not in offered:
            return self.reply(400, "websocket with v5.channel.k8s.io required")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.send_header("Sec-WebSocket-Protocol", "v5.channel.k8s.io")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        if q.get("input") != ["1"]:
            self.send_frame(bytes([1]) + (" ".join(q.get("command", [])[1:]) + "\n").encode())
            return self.finish_stream()
        while True:
            frame = self.read_frame()
            if frame is None:
                return
            op, data = frame
            if op == 8:
                return
            if op == 9:
                self.send_frame(data, 10)
            elif op in (1, 2) and data:
                if data[0] == 0:
                    self.send_frame(bytes([1]) + data[1:])
                elif data[0] == 255 and data[1:2] == b"\x00":
                    return self.finish_stream()

    def finish_stream(self):
        status = json.dumps({"metadata": {}, "status": "Success"}).encode()
        self.send_frame(bytes([3]) + status)
        self.send_frame(struct.pack("!H", 1000), 8)

    def send_frame(self, data, op=2):
        head = bytes([0x80 | op])
        n = len(data)
        if n < 126:
            head += bytes([n])
        elif n < 65536:
            head += bytes([126]) + struct.pack("!H", n)
        else:
            head += bytes([127]) + struct.pack("!Q", n)
        self.wfile.write(head + data)
        self.wfile.flush()

    def read_exact(self, n):
        data = b""
        while len(data) < n:
            more = self.rfile.read(n - len(data))
            if not more:
                return None
            data += more
        return data

    def read_frame(self):
        head = self.read_exact(2)
        if head is None:
            return None
        op, n = head[0] & 0x0F, head[1] & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.read_exact(8))[0]
        mask = self.read_exact(4) if head[1] & 0x80 else b"\0\0\0\0"
        data = self.read_exact(n) if n else b""
        if data is None:
            return None
        return op, bytes(b ^ mask[i % 4] for i, b in enumerate(data))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--client-ca")
    ap.add_argument("--log", default="/dev/null")
    ap.add_argument("--lifetime", type=float, default=600)
    a = ap.parse_args()
    tls = Server(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    if a.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(a.client_ca)
    tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
    plain = Server(("127.0.0.1", 0), Handler)
    for s in (tls, plain):
        s.logfile = a.log
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("PORTS %d %d" % (tls.server_address[1], plain.server_address[1]), flush=True)
    # Bounded: the fake goes away by itself if the test forgets it.
    time.sleep(a.lifetime)


if __name__ == "__main__":
    main()
