#!/usr/bin/env python3
"""What scripts/cluster.sh measures that wrk cannot: how long a write on one
instance stays unseen on the others, how soon a revoked token and a changed
role apply everywhere, the sign-in throttle across instances, and failures
(SIGKILL, rolling restart) under load, counted request by request.

    cluster-probe.py staleness|access|throttle|kill|rolling  (settings in the environment)

Prints markdown table rows; exits non-zero when a promise is broken.
"""
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

INSTANCES = [int(p) for p in os.environ["INSTANCE_PORTS"].split()]
NGINX = int(os.environ.get("NGINX_PORT", "0"))
TOKEN = os.environ["TOKEN"]
QUARTER = os.environ.get("QUARTER", "")
PG_DB = os.environ.get("PG_DB_URL", "")
BOUND_MS = 1000


class Client:
    """One keep-alive connection to one port, reconnecting when it breaks."""

    def __init__(self, port, token=TOKEN):
        self.port, self.token, self.conn = port, token, None

    def request(self, method, path, body=None, headers=None, timeout=10):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("connection", "").lower() == "close":
                    self.close()
                return resp.status, data, resp
            except (ConnectionError, http.client.HTTPException, OSError):
                self.close()
                # A connection the server closed while idle is tried once more;
                # anything else is the caller's failure to count.
                if attempt == 2 or method not in ("GET", "HEAD"):
                    raise
        raise RuntimeError("unreachable")

    def json(self, method, path, body=None):
        status, data, _ = self.request(method, path, body)
        return status, (json.loads(data) if data else None)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def until_shown(client, path, shows, started):
    """Read until `shows(status, body)`; the delay in ms since `started`."""
    while True:
        status, data, _ = client.request("GET", path)
        if shows(status, data):
            return (time.perf_counter() - started) * 1000
        if (time.perf_counter() - started) * 1000 > 10 * BOUND_MS:
            return float("inf")


def staleness():
    writes = int(os.environ.get("WRITES", "1000"))
    clients = [Client(p) for p in INSTANCES]
    _, page = clients[0].json("GET", "/api/v1/projects?limit=500&state=active")
    ids = [p["id"] for p in page["items"]]
    delays = []
    for n in range(writes):
        writer = n % len(clients)
        project = ids[n % len(ids)]
        path = f"/api/v1/projects/{project}"
        # The readers remember the project first, as busy instances would.
        for i, c in enumerate(clients):
            if i != writer:
                c.request("GET", path)
        _, current = clients[writer].json("GET", path)
        text = f"Skrevet {n} gennem instans {writer + 1}"
        body = {"description": text, "version": current["version"]}
        status, _ = clients[writer].json("PUT", path + "/description", body)
        if status != 200:
            sys.exit(f"FAILED: write {n} answered {status}")
        started = time.perf_counter()
        marker = text.encode()
        seen = [until_shown(c, path, lambda s, d: marker in d, started)
                for i, c in enumerate(clients) if i != writer]
        delays.append(max(seen))
    p50, p99, worst = percentile(delays, 50), percentile(delays, 99), max(delays)
    print(f"| a project's description, {writes} writes, read on the other two | {p50:.1f} ms | {p99:.1f} ms | {worst:.1f} ms |")
    if worst > BOUND_MS:
        sys.exit(f"FAILED: an answer was {worst:.0f} ms old")


def access():
    admin = [Client(p) for p in INSTANCES]
    rounds = int(os.environ.get("ACCESS_ROUNDS", "20"))
    _, people = admin[0].json("GET", "/api/v1/people?limit=500")
    items = people["items"] if isinstance(people, dict) else people
    council = next(p for p in items if p["email"] == "mette.kjaer@albertslund.dk")
    revoked, roles = [], []
    for n in range(rounds):
        writer = n % len(admin)
        others = [c for i, c in enumerate(admin) if i != writer]
        # A token of the council member, known to the other instances...
        status, made = admin[writer].json("POST", "/api/v1/tokens", {"name": f"probe {n}", "person_id": council["id"]})
        assert status == 201, (status, made)
        holders = [Client(c.port, made["token"]) for c in others]
        for h in holders:
            h.request("GET", "/api/v1/audit?limit=1")
        # ...lowered to reader through one instance: refused on the others.
        status, _ = admin[writer].json("PUT", f"/api/v1/people/{council['id']}/role", {"role": "reader"})
        assert status == 200
        started = time.perf_counter()
        roles.append(max(until_shown(h, "/api/v1/audit?limit=1", lambda s, d: s == 403, started) for h in holders))
        status, _ = admin[writer].json("PUT", f"/api/v1/people/{council['id']}/role", {"role": "council"})
        assert status == 200
        started = time.perf_counter()
        roles.append(max(until_shown(h, "/api/v1/audit?limit=1", lambda s, d: s == 200, started) for h in holders))
        # Revoked through one instance: unknown on the others.
        status, _ = admin[writer].json("DELETE", f"/api/v1/tokens/{made['id']}")
        assert status == 200
        started = time.perf_counter()
        revoked.append(max(until_shown(h, "/api/v1/projects?limit=1", lambda s, d: s == 401, started) for h in holders))
    for what, delays in (("a revoked token refused on the other two", revoked),
                         ("a changed role applied on the other two (both ways)", roles)):
        print(f"| {what}, {len(delays)} changes | {percentile(delays, 50):.1f} ms | {percentile(delays, 99):.1f} ms | {max(delays):.1f} ms |")
        if max(delays) > BOUND_MS:
            sys.exit(f"FAILED: {what} took {max(delays):.0f} ms")


def throttle():
    """20 wrong passwords for one account, spread over the instances at once."""
    email = "peter.holm@albertslund.dk"
    forms = []
    for port in INSTANCES:
        c = Client(port, token=None)
        status, data, resp = c.request("GET", "/log-ind")
        set_cookie = resp.getheader("set-cookie")
        if status != 200 or not set_cookie:
            sys.exit(f"FAILED: the sign-in page on port {port} answered {status} without a form cookie")
        cookie = set_cookie.split(";")[0]
        csrf = re.search(rb'name="csrf" value="([^"]*)"', data).group(1).decode()
        forms.append((port, cookie, csrf))
    answers = []

    def attempt(n):
        port, cookie, csrf = forms[n % len(forms)]
        body = urllib.parse.urlencode({"email": email, "password": f"gæt {n}", "csrf": csrf})
        c = Client(port, token=None)
        status, _, _ = c.request("POST", "/log-ind", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        answers.append(status)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    verified, refused = answers.count(401), answers.count(429)
    print(f"| 20 wrong passwords at once, spread over {len(INSTANCES)} instances | {verified} verified (401) | {refused} refused (429) | {len(answers) - verified - refused} other |")
    if verified > 5 or verified + refused != 20:
        sys.exit("FAILED: the throttle is not shared")


class Load:
    """Readers and writers through nginx, each request counted; every
    acknowledged write names itself, so none can be lost unnoticed."""

    def __init__(self, threads=8):
        self.ok = self.failed = 0
        self.acknowledged = []
        self.errors = []
        self.stop = threading.Event()
        self.run_id = f"{random.randrange(16**6):06x}"
        self.lock = threading.Lock()
        c = Client(NGINX)
        _, page = c.json("GET", "/api/v1/projects?limit=500&state=active")
        self.ids = [p["id"] for p in page["items"]]
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def run(self, n):
        c = Client(NGINX)
        i = 0
        while not self.stop.is_set():
            i += 1
            project = random.choice(self.ids)
            writes = n % 2 == 0
            try:
                if writes:
                    mark = f"load-{self.run_id}-{n}-{i}"
                    body = {"ressourcer": {"colour": "green"}, "leverancer": {"colour": "green"},
                            "tid": {"colour": "red", "comment": mark}, "okonomi": {"colour": "green"}}
                    status, _, _ = c.request("PUT", f"/api/v1/projects/{project}/status/{QUARTER}", json.dumps(body),
                                             {"Content-Type": "application/json"})
                else:
                    status, _, _ = c.request("GET", f"/api/v1/projects/{project}")
                with self.lock:
                    if status == 200:
                        self.ok += 1
                        if writes:
                            self.acknowledged.append(mark)
                    else:
                        self.failed += 1
                        self.errors.append(str(status))
            except Exception as e:  # noqa: BLE001 - every failure is counted
                with self.lock:
                    self.failed += 1
                    self.errors.append(type(e).__name__)
                c.close()

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for t in self.threads:
            t.join()

    def lost_writes(self):
        """Acknowledged writes missing from the database."""
        out = subprocess.run(["psql", PG_DB, "-Atc",
                              "SELECT tid_comment FROM status_reports WHERE tid_comment LIKE 'load-%'"],
                             capture_output=True, text=True, check=True).stdout
        stored = set(out.split())
        return [m for m in self.acknowledged if m not in stored]


def pid_of(port):
    return int(open(os.path.join(os.environ["RUN_DIR"], f"instance-{port}.pid")).read())


def nginx_saw(port):
    """Requests nginx passed on from one instance: those in flight on it when
    it died, and those whose connection it refused."""
    log = open(os.path.join(os.environ["RUN_DIR"], "nginx-error.log")).read().splitlines()
    mine = [line for line in log if f"127.0.0.1:{port}/" in line]
    in_flight = sum(1 for line in mine if "while reading response header" in line or "while sending request" in line)
    refused = sum(1 for line in mine if "connect() failed" in line)
    return in_flight, refused


def kill():
    victim = INSTANCES[-1]
    with Load() as load:
        time.sleep(3)
        os.kill(pid_of(victim), signal.SIGKILL)
        time.sleep(5)
    lost = load.lost_writes()
    in_flight, refused = nginx_saw(victim)
    print(f"| SIGKILL of one of {len(INSTANCES)} instances under load | {load.ok} answered | {load.failed} failed {sorted(set(load.errors))}; nginx passed {in_flight} requests in flight on the killed instance and {refused} refused connections to the others | {len(load.acknowledged)} writes acknowledged, {len(lost)} lost |")
    if lost:
        sys.exit(f"FAILED: acknowledged writes lost: {lost[:5]}")


def rolling():
    with Load() as load:
        time.sleep(2)
        for port in INSTANCES:
            subprocess.run([os.environ["RESTART"], str(port)], check=True)
        time.sleep(2)
    lost = load.lost_writes()
    print(f"| rolling restart of all {len(INSTANCES)} instances under load | {load.ok} answered | {load.failed} failed {sorted(set(load.errors))} | {len(load.acknowledged)} writes acknowledged, {len(lost)} lost |")
    if load.failed or lost:
        sys.exit("FAILED: a rolling restart must fail no request and lose no write")


if __name__ == "__main__":
    {"staleness": staleness, "access": access, "throttle": throttle, "kill": kill, "rolling": rolling}[sys.argv[1]]()
