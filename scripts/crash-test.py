#!/usr/bin/env python3
"""Crash safety: write status reports as fast as possible, kill the service
with SIGKILL at random moments, restart it, and check that every write it
acknowledged with 2xx is still there (and, on SQLite, that the integrity
check passes).

    cargo build --release && scripts/crash-test.py [rounds] [sqlite|postgres]

On PostgreSQL a fresh database is made on PG_URL's server (default
postgres://postgres@127.0.0.1/postgres) and dropped afterwards.
"""
import http.client, json, os, random, signal, sqlite3, subprocess, sys, tempfile, threading, time

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
BACKEND = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
if BACKEND not in ("sqlite", "postgres"):
    raise SystemExit("backend must be sqlite or postgres")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("PORTEFOLJE_BIN", os.path.join(ROOT, "target", "release", "portefolje"))
work = tempfile.mkdtemp(prefix="portefolje-crash-")
db_path = os.path.join(work, "crash.db")
port = 18000 + random.randrange(1000)
PG_SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1/postgres")
pg_name = f"portefolje_crash_{os.getpid()}"


def psql(sql):
    subprocess.run(["psql", PG_SERVER, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


if BACKEND == "postgres":
    psql(f"CREATE DATABASE {pg_name}")
    database_url = PG_SERVER.rsplit("/", 1)[0] + "/" + pg_name
else:
    database_url = f"sqlite://{db_path}"


def integrity():
    """SQLite's own check of the file; PostgreSQL's WAL needs none after a client dies."""
    if BACKEND == "postgres":
        return "ok"
    return sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0]


def start():
    env = dict(os.environ, DATABASE_URL=database_url, PORT=str(port), RUST_LOG="error")
    proc = subprocess.Popen([BINARY], cwd=ROOT, env=env)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the service did not start")


def token():
    out = subprocess.run([os.path.join(ROOT, "scripts", "token.sh"), f"http://127.0.0.1:{port}", "kent.bruun@albertslund.dk"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


proc = start()
bearer = {"Authorization": f"Bearer {token()}", "Content-Type": "application/json"}
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/api/v1/projects?limit=500&state=active", headers=bearer)
projects = [p["id"] for p in json.loads(c.getresponse().read())["items"]]
quarters = ["2022Q3", "2022Q4"]
acknowledged = set()
lock = threading.Lock()
stats = {"ok": 0, "refused": 0, "dropped": 0}


def writer(stop):
    while not stop.is_set():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            while not stop.is_set():
                pid, q = random.choice(projects), random.choice(quarters)
                body = json.dumps({p: {"colour": "green"} for p in ["ressourcer", "leverancer", "tid", "okonomi"]})
                conn.request("PUT", f"/api/v1/projects/{pid}/status/{q}", body=body, headers=bearer)
                r = conn.getresponse()
                data = r.read()
                with lock:
                    if 200 <= r.status < 300:
                        acknowledged.add((pid, q, json.loads(data)["version"]))
                        stats["ok"] += 1
                    else:
                        stats["refused"] += 1
        except (OSError, http.client.HTTPException):
            with lock:
                stats["dropped"] += 1  # the kill cut the connection: not acknowledged
            time.sleep(0.01)


for round_no in range(1, ROUNDS + 1):
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(stop,)) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.2, 1.5))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    proc = start()
    # Every acknowledged version must have survived the kill.
    conn = http.client.HTTPConnection("127.0.0.1", port)
    stored = set()
    for pid in projects:
        conn.request("GET", f"/api/v1/projects/{pid}/status", headers=bearer)
        for s in json.loads(conn.getresponse().read()):
            stored.add((s["project_id"], s["quarter"], s["version"]))
    lost = acknowledged - stored
    check = integrity()
    print(f"round {round_no:2}: {len(acknowledged)} acknowledged writes, {len(lost)} lost, integrity_check={check}")
    if lost or check != "ok":
        proc.kill()
        if BACKEND == "postgres":
            psql(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        raise SystemExit(f"FAILED: lost {sorted(lost)[:5]} integrity {check}")

proc.send_signal(signal.SIGTERM)
proc.wait()
if BACKEND == "postgres":
    psql(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
print(f"crash test passed on {BACKEND}: {ROUNDS} SIGKILLs, {stats['ok']} acknowledged writes, none lost; "
      f"{stats['refused']} refused, {stats['dropped']} cut by the kills")
