#!/usr/bin/env python3
"""Hostile and faulty input against './mnist serve' and the CLI (issue #12); writes OUT/hostile.json.

  scripts/hostile-test.py RUN_DIR [--out DIR] [--before-jar JAR] [--seconds S]   (needs: wrk)

Measures, with the jar that ./mnist builds (or MNIST_JAR):
  - resident memory (VmRSS, sampled every 20 ms) and answers of 32 parallel decompression requests:
    the issue's attack (a 65-byte PNG claiming 7071x7071 16-bit RGBA), GIF/BMP/JPEG headers claiming
    more, each under a wrong Content-Type, and a real zlib bomb (4096x4096 pixels in 16 KiB);
  - requests/s and p99 latency of single-image predictions at 8 connections (wrk), alternating with
    --before-jar (a build of the previous version) when given, two rounds each;
  - the 503 rate under overload (256 connections: more than the queue of 64 and 2 threads hold);
  - 200 clients trickling a body at 1 byte/s: how many are cut off, and a normal request meanwhile;
  - SIGTERM under load: exit status and time, and how the requests in flight were answered;
  - the one-line error of each crafted model and data file.
"""
import argparse, atexit, gzip, json, os, re, socket, struct, subprocess, sys, tempfile, threading, time, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JPEG_8X8 = bytes.fromhex("ffd8ffe000104a46494600010200000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080008000801011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00f9febfffd9")


def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)


def png(w, h, depth, colour, idat=None):
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0))
    return out + (chunk(b"IDAT", idat) if idat is not None else b"") + chunk(b"IEND", b"")


def crafted_pictures():
    gif = (b"GIF89a" + struct.pack("<HHBBB", 65535, 65535, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
           + b"\x2c" + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0) + bytes([2, 2, 0x4c, 1, 0, 0x3b]))
    bmp = (b"BM" + struct.pack("<IIIIiiHHIIiiII", 64, 0, 62, 40, 30000, 30000, 1, 8, 1, 2, 2835, 2835, 2, 0)
           + struct.pack("<II", 0, 0xffffff) + b"\0\1")
    jpeg = bytearray(JPEG_8X8)
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5:sof + 9] = struct.pack(">HH", 30000, 30000)
    bomb = png(4096, 4096, 8, 0, zlib.compress(b"\0" * (4097 * 4096), 9))
    return {"png_7071x7071_rgba16_header_only": (png(7071, 7071, 16, 6), "image/png"),
            "gif_65535x65535_as_image_png": (gif, "image/png"),
            "bmp_rle_30000x30000_as_image_jpeg": (bmp, "image/jpeg"),
            "jpeg_30000x30000_as_image_gif": (bytes(jpeg), "image/gif"),
            "png_zlib_bomb_4096x4096": (bomb, "image/png")}


def digit_png():
    raw = gzip.open(os.path.join(ROOT, "data/mnist/t10k-images-idx3-ubyte.gz")).read()[16:]
    rows = b"".join(b"\0" + bytes(255 - raw[(y // 10) * 28 + x // 10] for x in range(280)) for y in range(280))
    return png(280, 280, 8, 0, zlib.compress(rows))


class Server:
    LOGS = "."
    count = 0

    def __init__(self, jar, model, port, *flags):
        env = dict(os.environ, MNIST_JAR=jar) if jar else dict(os.environ)
        Server.count += 1
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            raise SystemExit(f"port {port} is in use: stop what listens there (an earlier run?) or give --port")
        except OSError:
            pass
        self.log = open(os.path.join(Server.LOGS, f"serve-{Server.count}.log"), "w+")
        self.proc = subprocess.Popen([os.path.join(ROOT, "mnist"), "serve", "--model", model, "--port", str(port), *flags],
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env)
        atexit.register(lambda p=self.proc: p.poll() is None and p.terminate())  # never left running
        self.port = port
        for _ in range(240):
            try:
                if request(port, "GET", "/health")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("server did not start: " + open(self.log.name).read())
        kids = subprocess.run(["pgrep", "-P", str(self.proc.pid), "java"], capture_output=True, text=True).stdout.split()
        self.java = int(kids[0]) if kids else self.proc.pid

    def rss_mib(self):
        with open(f"/proc/{self.java}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(60)
        finally:
            self.log.close()


def request(port, method, path, body=b"", ctype=None, timeout=60):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        if ctype:
            head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while chunk_ := s.recv(65536):
            data += chunk_
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[1].decode("utf-8", "replace")
    finally:
        s.close()


def burst(server, body, ctype, n=32):
    """n requests released at once; answers, latencies, and the peak RSS while they ran."""
    idle = server.rss_mib()
    peak = [idle]
    running = threading.Event()
    running.set()

    def sample():
        while running.is_set():
            peak[0] = max(peak[0], server.rss_mib())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    gate = threading.Barrier(n)
    results = [None] * n

    def one(i):
        gate.wait()
        t = time.monotonic()
        try:
            status, text = request(server.port, "POST", "/api/predict", body, ctype)
        except OSError as e:
            status, text = -1, str(e)
        results[i] = (status, time.monotonic() - t, text)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads: t.start()
    for t in threads: t.join()
    time.sleep(0.3)
    running.clear()
    sampler.join()
    statuses = sorted({r[0] for r in results})
    return {"requests": n, "statuses": {str(s): sum(r[0] == s for r in results) for s in statuses},
            "max_seconds": round(max(r[1] for r in results), 3),
            "error": json.loads(results[0][2]).get("error") if results[0][2].startswith("{") else results[0][2][:200],
            "rss_idle_mib": round(idle, 1), "rss_peak_mib": round(peak[0], 1),
            "rss_peak_above_idle_mib": round(peak[0] - idle, 1)}


WRK_LUA = """
local f = io.open(os.getenv("BODY"), "rb"); wrk.body = f:read("*all"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "image/png"
local threads = {}
function setup(t) table.insert(threads, t) end
ok = 0; busy = 0; other = 0  -- per thread: each runs this script in its own Lua state
function response(status) if status == 200 then ok = ok + 1 elseif status == 503 then busy = busy + 1 else other = other + 1 end end
function done()
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other") end
  io.write(string.format("STATUS ok=%d busy=%d other=%d\\n", o, b, x))
end
"""


def wrk(port, body_file, lua, connections, seconds):
    threads = 1 if connections < 2 else 2
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s",
                          "-s", lua, f"http://127.0.0.1:{port}/api/predict"],
                         capture_output=True, text=True, env=dict(os.environ, BODY=body_file)).stdout

    def ms(v, unit):
        return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    st = re.search(r"STATUS ok=(\d+) busy=(\d+) other=(\d+)", out)
    ok, busy, other = (int(x) for x in st.groups()) if st else (0, 0, 0)
    total = ok + busy + other
    return {"connections": connections, "seconds": seconds,
            "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99_ms": round(ms(*p99.groups()), 2) if p99 else None,
            "answered_200": ok, "answered_503": busy, "answered_other": other,
            "rate_503": round(busy / total, 4) if total else None,
            "socket_errors": (re.search(r"Socket errors: (.*)", out) or [None, "none"])[1]}


def trickle(server, clients=200, seconds=15):
    """clients each sending a declared 100,000-byte body at 1 byte/s; a normal request meanwhile."""
    socks = []
    for _ in range(clients):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(f"POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: image/png\r\n"
                  f"Content-Length: 100000\r\n\r\n".encode())
        s.setblocking(False)
        socks.append(s)
    cut = [None] * clients
    start = time.monotonic()
    normal = None
    while time.monotonic() - start < seconds and None in cut:
        for i, s in enumerate(socks):
            if cut[i] is not None:
                continue
            try:
                s.send(b"x")
                if s.recv(1, socket.MSG_PEEK):
                    cut[i] = time.monotonic() - start
            except BlockingIOError:
                pass
            except OSError:
                cut[i] = time.monotonic() - start
        if normal is None and time.monotonic() - start > 2:
            t = time.monotonic()
            status, _ = request(server.port, "POST", "/api/predict", DIGIT, "image/png")
            normal = {"status": status, "seconds": round(time.monotonic() - t, 3)}
        time.sleep(1)
    for s in socks: s.close()
    done = [c for c in cut if c is not None]
    return {"clients": clients, "bytes_per_second_each": 1, "cut_off": len(done),
            "cut_off_within_seconds": round(max(done), 1) if done else None, "normal_request_meanwhile": normal}


def sigterm_under_load(jar, model, port, body_file, lua):
    server = Server(jar, model, port)
    load = subprocess.Popen(["wrk", "-t2", "-c16", "-d8s", "--timeout", "30s", "-s", lua, f"http://127.0.0.1:{port}/api/predict"],
                            stdout=subprocess.PIPE, text=True, env=dict(os.environ, BODY=body_file))
    time.sleep(3)
    t = time.monotonic()
    server.proc.terminate()
    code = server.proc.wait(60)
    seconds = time.monotonic() - t
    log = open(server.log.name).read().strip().splitlines()
    out = load.communicate()[0]
    st = re.search(r"STATUS ok=(\d+) busy=(\d+) other=(\d+)", out)
    return {"exit_status": code, "seconds_to_exit": round(seconds, 2), "last_log_lines": log[-2:],
            "during_load": dict(zip(["answered_200", "answered_503", "answered_other"], map(int, st.groups()))) if st else out[-300:],
            "socket_errors": (re.search(r"Socket errors: (.*)", out) or [None, "none"])[1]}


def cli_error(jar, *args):
    env = dict(os.environ, MNIST_JAR=jar) if jar else dict(os.environ)
    p = subprocess.run([os.path.join(ROOT, "mnist"), *args], capture_output=True, text=True, env=env)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    return {"exit_status": p.returncode, "stderr_lines": len(lines), "error": lines[-1] if lines else ""}


def crafted_files(jar, model, tmp):
    info = json.load(open(os.path.join(model, "model.json")))
    weights = os.path.join(model, "model.params")
    out = {}

    def variant(name, edit):
        d = os.path.join(tmp, name)
        os.makedirs(d, exist_ok=True)
        if not os.path.exists(os.path.join(d, "model.params")):
            os.symlink(os.path.abspath(weights), os.path.join(d, "model.params"))
        i = json.loads(json.dumps(info))
        edit(i)
        json.dump(i, open(os.path.join(d, "model.json"), "w"))
        return d

    pic = os.path.join(tmp, "digit.png")
    a = lambda i: i["architecture"]
    for name, edit in [("model_json_empty_widths", lambda i: a(i).update(widths=[], strides=[])),
                       ("model_json_billion_blocks", lambda i: a(i).update(blocks=10 ** 9)),
                       ("model_json_bad_strides", lambda i: a(i).update(strides=[3, 0, 1][:len(a(i)["strides"])])),
                       ("weights_of_another_architecture", lambda i: a(i).update(widths=[2 * w for w in a(i)["widths"]])),
                       ("weights_of_another_epoch", lambda i: i.update(weightsSha256="0" * 64))]:
        out[name] = cli_error(jar, "predict", "--model", variant(name, edit), pic)
    data = os.path.join(tmp, "data")
    os.makedirs(data, exist_ok=True)
    labels = struct.pack(">BBBBI", 0, 0, 8, 1, 10000) + bytes(10000)
    for name, images in [("idx_dimensions_overflow", struct.pack(">BBBBIII", 0, 0, 8, 3, 2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1)),
                         ("idx_gzip_bomb_header", struct.pack(">BBBBIII", 0, 0, 8, 3, 1000000, 28, 28))]:
        with gzip.open(os.path.join(data, "t10k-images-idx3-ubyte.gz"), "wb") as f: f.write(images)
        with gzip.open(os.path.join(data, "t10k-labels-idx1-ubyte.gz"), "wb") as f: f.write(labels)
        out[name] = cli_error(jar, "eval", "--model", model, "--data", data, "--no-usps", "--out", os.path.join(tmp, "eval"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--out", default="hostile-test")
    ap.add_argument("--before-jar", help="a jar of the previous version, for the normal-load comparison")
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--port", type=int, default=18091)
    ap.add_argument("--rounds", type=int, default=2, help="normal-load rounds of each version, alternating")
    ap.add_argument("--normal-load-only", action="store_true", help="only the before/after comparison")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    Server.LOGS = args.out
    jar = os.environ.get("MNIST_JAR")
    global DIGIT
    DIGIT = digit_png()
    body = os.path.join(os.path.abspath(args.out), "digit.png")
    open(body, "wb").write(DIGIT)
    lua = os.path.join(os.path.abspath(args.out), "count.lua")
    open(lua, "w").write(WRK_LUA)
    result = {"machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()[0]}}

    if not args.normal_load_only:
        server = Server(jar, args.model, args.port)
        request(args.port, "POST", "/api/predict", DIGIT, "image/png")
        result["decompression"] = {name: burst(server, b, t) for name, (b, t) in crafted_pictures().items()}
        result["slow_clients"] = trickle(server)
        result["overload"] = wrk(args.port, body, lua, 256, 10)
        server.stop()

    rounds = []
    for r in range(args.rounds):
        for label, j in ([("before", args.before_jar)] if args.before_jar else []) + [("after", jar)]:
            s = Server(j, args.model, args.port)
            wrk(args.port, body, lua, 8, 5)  # warm-up
            m = wrk(args.port, body, lua, 8, args.seconds)
            m.update(version=label, round=r + 1)
            rounds.append(m)
            s.stop()
    result["normal_load"] = rounds
    for version in ("before", "after"):
        mine = [m for m in rounds if m["version"] == version]
        if mine:
            result[f"normal_load_mean_{version}"] = {
                "requests_per_second": round(sum(m["requests_per_second"] for m in mine) / len(mine), 1),
                "p99_ms": round(sum(m["p99_ms"] for m in mine) / len(mine), 1)}
    if not args.normal_load_only:
        result["sigterm_under_load"] = sigterm_under_load(jar, args.model, args.port, body, lua)
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "digit.png"), "wb").write(DIGIT)
            result["crafted_files"] = crafted_files(jar, args.model, tmp)
    path = os.path.join(args.out, "hostile.json")
    json.dump(result, open(path, "w"), indent=2)
    print(json.dumps(result, indent=2))
    print("wrote " + path, file=sys.stderr)


if __name__ == "__main__":
    main()
