#!/usr/bin/env python3
"""A stand-in metrics-server for end-to-end tests: serves metrics.k8s.io/v1beta1 over HTTPS
behind the API server's aggregation layer, with usage figures read from a JSON file that the
test may rewrite at any time (each request reads it again).

Usage:
  metrics_server.py --port PORT --cert CERT --key KEY --metrics FILE
                    [--requestheader-client-ca FRONT_PROXY_CA]
                    [--requestheader-allowed-names front-proxy-client]
                    [--log FILE]
                    [--apiserver https://127.0.0.1:6443 --apiserver-ca CA
                     --apiserver-cert CERT --apiserver-key KEY]

  CERT/KEY      the serving certificate (self-signed is fine: register its PEM as the
                APIService's caBundle, with a SAN of DNS:<service>.<namespace>.svc, or use
                insecureSkipTLSVerify)
  --requestheader-client-ca
                as metrics-server: only a client certificate signed by this CA (the API
                server's --proxy-client-cert-file) may name the user in X-Remote-User and
                X-Remote-Group; other requests get 401. Without it, no check is made.
  --log         every request appended as a JSON line: method, path, query, user, groups,
                extra (the X-Remote-* headers), client certificate CN
  --apiserver*  lets "rules" (below) apply to the pods that exist: the fixture lists them
                from the API server with this client certificate

The metrics file (JSON), all keys optional:
  {
    "window": "10s",
    "pods":  {"NAMESPACE/NAME": {"labels": {"app": "web"},
                                 "containers": {"CONTAINER": {"cpu": "250m", "memory": "64Mi"}}}},
    "rules": [{"namespace": "default", "selector": {"app": "web"},
               "cpu": "250m", "memory": "64Mi"}],
    "nodes": {"NODE": {"cpu": "1500m", "memory": "2Gi"}}
  }
  "pods" lists pods outright. "rules" give every container of each Running pod in the
  namespace whose labels include the selector's (listed from --apiserver) that usage; an
  entry of "pods" wins over rules for the same pod. An HPA test raises or lowers usage by
  rewriting the file (write a temporary file and rename it over the old one).

Served: GET /apis/metrics.k8s.io/v1beta1 (discovery), .../pods, .../namespaces/NS/pods[/NAME],
.../nodes[/NAME] (pods also with watch=true: ADDED events, then open for timeoutSeconds),
with labelSelector (=, ==, !=, in, notin, exists, !exists) and fieldSelector
(metadata.name, metadata.namespace) as metrics-server takes them. Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import re
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GV = "metrics.k8s.io/v1beta1"
PREFIX = "/apis/" + GV

DISCOVERY = {
    "kind": "APIResourceList",
    "apiVersion": "v1",
    "groupVersion": GV,
    "resources": [
        {"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics",
         "verbs": ["get", "list"]},
        {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics",
         "verbs": ["get", "list"]},
    ],
}


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def status(code, reason, message, details=None):
    st = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
          "message": message, "reason": reason, "code": code}
    if details:
        st["details"] = details
    return st


# ---- selectors ----

def parse_label_selector(s):
    """A list of (key, op, values); raises ValueError when malformed."""
    reqs = []
    if not s:
        return reqs
    # Split on commas outside parentheses.
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    for p in parts:
        p = p.strip()
        m = re.fullmatch(r"([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)", p)
        if m:
            vals = [v.strip() for v in m.group(3).split(",") if v.strip()]
            reqs.append((m.group(1), m.group(2), vals))
            continue
        m = re.fullmatch(r"([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)", p)
        if m:
            op = {"=": "in", "==": "in", "!=": "notin"}[m.group(2)]
            reqs.append((m.group(1), op, [m.group(3)]))
            continue
        m = re.fullmatch(r"(!?)([^\s!=()]+)", p)
        if m:
            reqs.append((m.group(2), "!exists" if m.group(1) else "exists", []))
            continue
        raise ValueError("unable to parse requirement: %s" % p)
    return reqs


def labels_match(reqs, labels):
    labels = labels or {}
    for key, op, vals in reqs:
        have = key in labels
        if op == "in" and (not have or labels[key] not in vals):
            return False
        if op == "notin" and have and labels[key] in vals:
            return False
        if op == "exists" and not have:
            return False
        if op == "!exists" and have:
            return False
    return True


def parse_field_selector(s):
    out = []
    for p in (s or "").split(","):
        p = p.strip()
        if not p:
            continue
        m = re.fullmatch(r"([^!=]+)(==|=|!=)(.*)", p)
        if not m or m.group(1) not in ("metadata.name", "metadata.namespace"):
            raise ValueError('field label not supported: %s' % p)
        out.append((m.group(1), m.group(2) != "!=", m.group(3)))
    return out


def fields_match(reqs, ns, name):
    for field, eq, val in reqs:
        have = name if field == "metadata.name" else ns
        if (have == val) != eq:
            return False
    return True


# ---- the data ----

class Source:
    def __init__(self, args):
        self.args = args

    def load(self):
        try:
            with open(self.args.metrics) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def apiserver_pods(self):
        a = self.args
        if not a.apiserver:
            return []
        ctx = ssl.create_default_context(cafile=a.apiserver_ca)
        ctx.load_cert_chain(a.apiserver_cert, a.apiserver_key)
        with urllib.request.urlopen(a.apiserver + "/api/v1/pods", context=ctx,
                                    timeout=10) as r:
            return json.load(r).get("items", [])

    def pods(self):
        """{(ns, name): {"labels": {...}, "containers": {name: usage}}}"""
        data = self.load()
        out = {}
        rules = data.get("rules") or []
        if rules:
            for pod in self.apiserver_pods():
                meta = pod.get("metadata", {})
                if pod.get("status", {}).get("phase") != "Running":
                    continue
                labels = meta.get("labels") or {}
                for r in rules:
                    if r.get("namespace") not in (None, meta.get("namespace")):
                        continue
                    sel = r.get("selector") or {}
                    if any(labels.get(k) != v for k, v in sel.items()):
                        continue
                    usage = {"cpu": r.get("cpu", "0"), "memory": r.get("memory", "0")}
                    out[(meta.get("namespace"), meta.get("name"))] = {
                        "labels": labels,
                        "containers": {c["name"]: usage
                                       for c in pod.get("spec", {}).get("containers", [])},
                    }
        for key, p in (data.get("pods") or {}).items():
            ns, _, name = key.partition("/")
            out[(ns, name)] = {"labels": p.get("labels") or {},
                               "containers": p.get("containers") or {}}
        return out, data.get("window", "10s")

    def nodes(self):
        data = self.load()
        return data.get("nodes") or {}, data.get("window", "10s")


def pod_metrics(ns, name, p, window):
    ts = now()
    return {
        "kind": "PodMetrics", "apiVersion": GV,
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts,
                     "labels": p.get("labels") or {}},
        "timestamp": ts, "window": window,
        "containers": [{"name": c, "usage": {"cpu": u.get("cpu", "0"),
                                             "memory": u.get("memory", "0")}}
                       for c, u in sorted(p.get("containers", {}).items())],
    }


def node_metrics(name, u, window):
    ts = now()
    return {
        "kind": "NodeMetrics", "apiVersion": GV,
        "metadata": {"name": name, "creationTimestamp": ts, "labels": u.get("labels") or {}},
        "timestamp": ts, "window": window,
        "usage": {"cpu": u.get("cpu", "0"), "memory": u.get("memory", "0")},
    }


# ---- the server ----

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "metrics-server-fixture"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send_json(self, code, obj):
        body = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def client_cn(self):
        cert = self.connection.getpeercert() if hasattr(self.connection, "getpeercert") else None
        for rdn in (cert or {}).get("subject", ()):
            for k, v in rdn:
                if k == "commonName":
                    return v
        return None

    def record(self, cn, path, query):
        srv = self.server
        extra = {}
        for k, v in self.headers.items():
            if k.lower().startswith("x-remote-extra-"):
                extra.setdefault(urllib.parse.unquote(k[15:]).lower(), []).append(v)
        entry = {"method": self.command, "path": path, "query": query,
                 "user": self.headers.get("X-Remote-User"),
                 "groups": self.headers.get_all("X-Remote-Group") or [],
                 "extra": extra, "cn": cn}
        if srv.args.log:
            with srv.log_lock, open(srv.args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def authenticated(self, cn):
        a = self.server.args
        if not a.requestheader_client_ca:
            return True
        allowed = [n for n in (a.requestheader_allowed_names or "").split(",") if n]
        return cn is not None and (not allowed or cn in allowed) and \
            bool(self.headers.get("X-Remote-User"))

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        cn = self.client_cn()
        self.record(cn, url.path, url.query)
        if not self.authenticated(cn):
            return self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
        try:
            lsel = parse_label_selector(q.get("labelSelector", [""])[0])
            fsel = parse_field_selector(q.get("fieldSelector", [""])[0])
        except ValueError as e:
            return self.send_json(400, status(400, "BadRequest", str(e)))
        path = url.path.rstrip("/")
        if path == PREFIX:
            return self.send_json(200, DISCOVERY)
        if not path.startswith(PREFIX + "/"):
            return self.send_json(404, status(404, "NotFound",
                                              "the server could not find the requested resource"))
        parts = path[len(PREFIX) + 1:].split("/")
        if parts[0] == "nodes" and len(parts) <= 2:
            return self.nodes(parts[1] if len(parts) == 2 else None, lsel, fsel)
        watch = q.get("watch", [""])[0] in ("true", "1")
        timeout = int(q.get("timeoutSeconds", ["30"])[0] or 30)
        if parts[0] == "pods" and len(parts) == 1:
            return self.pods(None, None, lsel, fsel, watch and timeout)
        if parts[0] == "namespaces" and len(parts) in (3, 4) and parts[2] == "pods":
            return self.pods(parts[1], parts[3] if len(parts) == 4 else None, lsel, fsel,
                             watch and len(parts) == 3 and timeout)
        return self.send_json(404, status(404, "NotFound",
                                          "the server could not find the requested resource"))

    def watch(self, items, seconds):
        """ADDED for each item at once, then the stream stays open for seconds: a proxy
        that buffered would deliver nothing until the end."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for it in items:
                line = (json.dumps({"type": "ADDED", "object": it},
                                   separators=(",", ":")) + "\n").encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
            self.wfile.flush()
            deadline = time.time() + seconds
            while time.time() < deadline:
                time.sleep(0.2)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def pods(self, ns, name, lsel, fsel, watch=0):
        pods, window = self.server.source.pods()
        if name is not None:
            p = pods.get((ns, name))
            if p is None:
                return self.send_json(404, status(
                    404, "NotFound", 'podmetrics.metrics.k8s.io "%s/%s" not found' % (ns, name),
                    {"name": "%s/%s" % (ns, name), "group": "metrics.k8s.io",
                     "kind": "podmetrics"}))
            return self.send_json(200, pod_metrics(ns, name, p, window))
        items = [pod_metrics(pns, pname, p, window)
                 for (pns, pname), p in sorted(pods.items())
                 if (ns is None or pns == ns) and labels_match(lsel, p.get("labels"))
                 and fields_match(fsel, pns, pname)]
        if watch:
            return self.watch(items, watch)
        self.send_json(200, {"kind": "PodMetricsList", "apiVersion": GV, "metadata": {},
                             "items": items})

    def nodes(self, name, lsel, fsel):
        nodes, window = self.server.source.nodes()
        if name is not None:
            if name not in nodes:
                return self.send_json(404, status(
                    404, "NotFound", 'nodemetrics.metrics.k8s.io "%s" not found' % name,
                    {"name": name, "group": "metrics.k8s.io", "kind": "nodemetrics"}))
            return self.send_json(200, node_metrics(name, nodes[name], window))
        items = [node_metrics(n, u, window) for n, u in sorted(nodes.items())
                 if labels_match(lsel, u.get("labels")) and fields_match(fsel, "", n)]
        self.send_json(200, {"kind": "NodeMetricsList", "apiVersion": GV, "metadata": {},
                             "items": items})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--metrics", required=True)
    ap.add_argument("--requestheader-client-ca")
    ap.add_argument("--requestheader-allowed-names", default="front-proxy-client")
    ap.add_argument("--log")
    ap.add_argument("--apiserver")
    ap.add_argument("--apiserver-ca")
    ap.add_argument("--apiserver-cert")
    ap.add_argument("--apiserver-key")
    args = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.requestheader_client_ca:
        ctx.load_verify_locations(args.requestheader_client_ca)
        ctx.verify_mode = ssl.CERT_OPTIONAL
    srv = ThreadingHTTPServer((args.bind, args.port), Handler)
    srv.daemon_threads = True
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.args = args
    srv.source = Source(args)
    srv.log_lock = threading.Lock()
    sys.stderr.write("metrics-server fixture serving on https://%s:%d\n" % (args.bind, args.port))
    sys.stderr.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
