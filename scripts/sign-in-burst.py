"""A burst of sign-ins from many addresses at once against a running service
(the demo accounts, five attempts each, every one from an address of its own
through TRUSTED_PROXY): how long they took, how a plain API read fared
meanwhile against the same reads just before, and peak memory.
   scripts/sign-in-burst.py PORT PID TOKEN   (scripts/sign-in-burst.sh runs it)"""
import http.client, re, sys, threading, time, urllib.parse, json
port, pid, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
accounts = [l.split(';')[0].lstrip('\ufeff') for l in open('seed-data/konti.csv', encoding='utf-8').read().splitlines()[1:] if l.strip()]
def hwm():
    return [int(l.split()[1])//1024 for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0]
def sign_in(email, addr, out):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    c.request('GET', '/log-ind', headers={'X-Forwarded-For': addr}); r = c.getresponse(); body = r.read().decode()
    cookie = '; '.join(h.split(';')[0] for k, h in r.getheaders() if k.lower() == 'set-cookie')
    csrf = re.search(r'name="csrf" value="([^"]*)"', body).group(1)
    barrier.wait()
    t = time.perf_counter()
    form = urllib.parse.urlencode({'email': email, 'password': 'Demo-Portefolje-2022', 'csrf': csrf})
    c.request('POST', '/log-ind', body=form, headers={'Cookie': cookie, 'X-Forwarded-For': addr, 'Content-Type': 'application/x-www-form-urlencoded'})
    r = c.getresponse(); r.read()
    out.append((r.status, time.perf_counter() - t))
def reader(out, stop):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    barrier.wait()
    at_start.append(hwm())
    while not stop.is_set():
        t = time.perf_counter()
        c.request('GET', '/api/v1/quarters', headers={'Authorization': f'Bearer {token}'}); r = c.getresponse(); r.read()
        out.append(time.perf_counter() - t)
n = len(accounts) * 5
barrier = threading.Barrier(n + 1)
results, reads, stop, at_start = [], [], threading.Event(), []
def baseline(seconds):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        c.request('GET', '/api/v1/quarters', headers={'Authorization': f'Bearer {token}'}); r = c.getresponse(); r.read()
        times.append(time.perf_counter() - t)
    return times
base = baseline(1.0)
before = hwm()
threads = [threading.Thread(target=sign_in, args=(accounts[i % len(accounts)], f'10.1.{i // 200}.{i % 200 + 1}', results)) for i in range(n)]
rt = threading.Thread(target=reader, args=(reads, stop))
for t in threads + [rt]: t.start()
started = time.perf_counter()
for t in threads: t.join()
stop.set(); rt.join()
lat = sorted(d for _, d in results)
took = time.perf_counter() - started
statuses = {}
for s, _ in results: statuses[s] = statuses.get(s, 0) + 1
print(f'{n} sign-ins at once: statuses {statuses}, median {lat[len(lat)//2]*1000:.0f} ms, slowest {lat[-1]*1000:.0f} ms; '
      f'peak memory {before} -> {at_start[0]} (pages fetched) -> {hwm()} MiB')
print(f'API reads during the burst: {len(reads) / took:.0f}/s, {len(reads) / took / (len(base) / 1.0):.2f}x the rate just before; '
      f'slowest {max(reads)*1000:.0f} ms against {max(base)*1000:.0f} ms before')
