#!/usr/bin/env python3
"""Mailmind's benchmark harness: runs the reference cases (raw IMAP floor, metadata-only pass,
mbsync, the CONDSTORE no-change probe) and Mailmind's `sync` command side by side against the
private Dovecot, in one run, and prints one markdown table (see bench/README.md).

Every measured run is wrapped in `/usr/bin/time -v` (wall, user/sys CPU, peak RSS) and timed with
perf_counter; `sync` (the syscall) runs before each run so no run pays for the previous one's
writeback. Mailmind runs with -Xmx256m and a GC log, from which the peak heap (occupancy before a
collection) is read; its phases come from the JSON summary line of `sync` (CLI contract).

Results: JSON (--json, default <work>/results.json), the table on stdout and in <work>/results.md,
every command with its output in <work>/measure.log.
"""
import argparse
import atexit
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = "/usr/bin/time"
PASSWORD_ENV = "MAILMIND_BENCH_PASSWORD"


# --- process measurement --------------------------------------------------------------------

def dovecot_cpu_s(master_pid):
    """CPU seconds of our Dovecot master plus its reaped children (imap processes exit after
    each connection): utime+stime+cutime+cstime of /proc/<master>/stat."""
    if not master_pid:
        return None
    try:
        with open("/proc/%d/stat" % master_pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(rest[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def _is_child_imap(master_pid, pid):
    try:
        with open("/proc/%s/stat" % pid) as f:
            st = f.read()
        comm = st[st.index("(") + 1:st.rindex(")")]
        ppid = int(st.rsplit(")", 1)[1].split()[1])
        return ppid == master_pid and "imap" in comm and "login" not in comm
    except (OSError, ValueError):
        return False


def settled_dovecot_cpu(master_pid):
    """Waits (<= 3 s) until the run's imap processes have exited and been reaped."""
    last = dovecot_cpu_s(master_pid)
    for _ in range(30):
        time.sleep(0.1)
        busy = any(_is_child_imap(master_pid, p) for p in os.listdir("/proc") if p.isdigit())
        cur = dovecot_cpu_s(master_pid)
        if not busy and cur == last:
            return cur
        last = cur
    return last


def postgres_cpu_s():
    """CPU seconds of the PostgreSQL server so far: the postmaster, its live children, and the children it reaped
    (a run's backends exit when its connections close and are counted there). None when no postmaster is found."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/comm" % p) as f:
                comm = f.read().strip()
        except OSError:
            continue
        procs[int(p)] = (comm, int(fields[1]), [int(x) for x in fields[11:15]])
    masters = [pid for pid, (comm, ppid, _) in procs.items()
               if comm in ("postgres", "postmaster") and procs.get(ppid, ("",))[0] not in ("postgres", "postmaster")]
    if not masters:
        return None
    total = 0
    for m in masters:
        ut, st, cut, cst = procs[m][2]
        total += ut + st + cut + cst
        total += sum(t[2][0] + t[2][1] for pid, t in procs.items() if t[1] == m)
    return total / tick


def parse_time_v(text):
    def grab(key):
        m = re.search(r"^\s*%s:\s*(.+)$" % re.escape(key), text, re.M)
        return m.group(1).strip() if m else None
    return {"user_s": float(grab("User time (seconds)")), "sys_s": float(grab("System time (seconds)")),
            "max_rss_kb": int(grab("Maximum resident set size (kbytes)"))}


def gc_peak_mb(path):
    """Peak heap occupancy (MB) seen by the GC: the largest 'before' of 'A M->B M(C M)' lines of -Xlog:gc."""
    peak = None
    try:
        with open(path) as f:
            for line in f:
                for before, after in re.findall(r"(\d+)M->(\d+)M\(\d+M\)", line):
                    v = max(int(before), int(after))
                    peak = v if peak is None else max(peak, v)
    except OSError:
        return None
    return peak


def steal_s():
    """CPU time the hypervisor gave this VM's CPUs to others, all CPUs (the steal column of /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class Runner:
    def __init__(self, work, master_pid, logf):
        self.work, self.master_pid, self.logf = work, master_pid, logf

    def run(self, cmd, env=None):
        tf = os.path.join(self.work, ".time-v.txt")
        os.sync()
        d0 = settled_dovecot_cpu(self.master_pid)
        pg0 = postgres_cpu_s()
        st0 = steal_s()
        t0 = time.perf_counter()
        p = subprocess.run([TIME, "-v", "-o", tf] + cmd, cwd=self.work, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env)
        t1 = time.perf_counter()
        st1 = steal_s()
        d1 = settled_dovecot_cpu(self.master_pid)
        pg1 = postgres_cpu_s()
        out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        self.logf.write("$ %s\n%s%s\n" % (" ".join(shlex.quote(x) for x in cmd), out, err[-4000:]))
        self.logf.flush()
        if p.returncode != 0:
            raise RuntimeError("command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), err[-3000:]))
        with open(tf) as f:
            r = parse_time_v(f.read())
        r["wall_s"] = round(t1 - t0, 4)
        r["dovecot_cpu_s"] = round(d1 - d0, 3) if d0 is not None and d1 is not None else None
        r["pg_cpu_s"] = round(pg1 - pg0, 3) if pg0 is not None and pg1 is not None else None
        r["steal_s"] = round(st1 - st0, 2) if st0 is not None and st1 is not None else None
        lines = out.strip().splitlines()
        r["stdout_last"] = lines[-1] if lines else ""
        r["stdout_last_all"] = out
        return r


class ScratchFs:
    """The client side's cold outputs (mbsync's Maildir, a database file with its attachment files, the disk probe's
    files) go to a fresh ext4 file system for every run: a sparse image under --work on a loop device (direct I/O, so
    the page cache holds no second copy of what is written), made again with mkfs.ext4 (default features, journal
    included) before each run. Every run then starts from the same empty, journaled ext4, the file system most Linux
    machines have, instead of this machine's root file system (ext4 without a journal), where the cost of a new file
    depended on what earlier runs had created and deleted: on 2026-12-07 mbsync's full pull took 9.5 s in one bench
    and 15.9 s half an hour later on the same machine, its system time 4 s and then 10 s (bench/README.md).
    Needs root, mkfs.ext4 and losetup; without them, or with --scratch-fs off, the outputs stay under --work."""

    def __init__(self, work, size_gb=16):
        self.image = os.path.join(work, "scratch.img")
        self.mount = os.path.join(work, "scratch")
        self.size = size_gb << 30
        self.dev = None

    @staticmethod
    def available():
        return (os.geteuid() == 0 and os.path.exists("/dev/loop-control")
                and all(shutil.which(t) for t in ("mkfs.ext4", "losetup", "mount", "umount")))

    def _run(self, *cmd):
        subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)

    def _mounted(self):
        return os.path.ismount(self.mount)

    def start(self):
        self._detach()
        os.makedirs(self.mount, exist_ok=True)
        with open(self.image, "ab") as f:
            f.truncate(self.size)
        try:
            out = subprocess.run(["losetup", "--direct-io=on", "-f", "--show", self.image], check=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except subprocess.CalledProcessError:
            out = subprocess.run(["losetup", "-f", "--show", self.image], check=True, stdout=subprocess.PIPE)
        self.dev = out.stdout.decode().strip()
        self.fresh()
        return self

    def fresh(self):
        """An empty file system at the mount point: whatever the last run wrote there is gone."""
        if self._mounted():
            self._run("umount", self.mount)
        self._run("mkfs.ext4", "-q", "-F", "-E", "nodiscard,lazy_itable_init=0,lazy_journal_init=0", "-i", "65536",
                  self.dev)
        self._run("mount", self.dev, self.mount)

    def holds(self, path):
        return path == self.mount or path.startswith(self.mount + os.sep)

    def _detach(self):
        """Unmounts and detaches what an earlier, interrupted bench left."""
        if self._mounted():
            subprocess.run(["umount", self.mount], check=False)
        if os.path.exists(self.image):
            out = subprocess.run(["losetup", "-j", self.image], stdout=subprocess.PIPE, check=False)
            for line in out.stdout.decode().splitlines():
                subprocess.run(["losetup", "-d", line.split(":", 1)[0]], check=False)

    def stop(self):
        if self._mounted():
            subprocess.run(["umount", self.mount], check=False)
        if self.dev:
            subprocess.run(["losetup", "-d", self.dev], check=False)
            self.dev = None
        if os.path.exists(self.image):
            os.unlink(self.image)


class Retired:
    """What a run leaves (a mirror, a database, attachment files) is moved aside, not deleted, until the whole bench
    has run. This machine's root filesystem is ext4 without a journal, which skips inodes freed in the last 30 s
    (5 minutes while their inode table block is dirty) when it looks for a free one: deleting the last run's 10,000
    files right before the next run made every file that run created cost a scan past them (3.3 and 3.0% of a cold
    sync's CPU samples in `find_get_block_common` and `recently_deleted`), for mbsync and Mailmind alike, which a
    first mirror on a real machine does not pay. What is moved aside is also dropped from the page cache (written
    back, then POSIX_FADV_DONTNEED per file): kept there, 7 mbsync mirrors left 5 GB of 23 free and the next case
    paid the kernel's page reclaim (the CLI into H2: 4.9-6.2 s of system time instead of 2.1-2.6 s). At the end
    everything moved aside is deleted; the next bench waits out the 30 s when it finds such a leftover. Short of
    disk space (less than `min_free` bytes free), a path is deleted at once."""

    def __init__(self, work, min_free=8 << 30, scratch=None):
        self.scratch = scratch
        self.root = os.path.join(work, "retired")
        self.min_free = min_free
        self.count = 0
        if os.path.isdir(self.root):
            print("deleting what an earlier bench left in %s; then waiting 35 s (see Retired)" % self.root,
                  file=sys.stderr, flush=True)
            shutil.rmtree(self.root, ignore_errors=True)
            os.sync()
            time.sleep(35)
        os.makedirs(self.root)

    def __call__(self, path):
        if self.scratch and self.scratch.holds(path):
            self.scratch.fresh()  # the scratch file system holds one run's outputs at a time
            return
        if not os.path.lexists(path):
            return
        if shutil.disk_usage(self.root).free < self.min_free:
            print("less than %d GB free: deleting %s at once (see Retired)" % (self.min_free >> 30, path),
                  file=sys.stderr, flush=True)
            shutil.rmtree(path, ignore_errors=True)
            return
        self.count += 1
        moved = os.path.join(self.root, str(self.count))
        os.rename(path, moved)
        os.sync()
        for root, dirs, files in os.walk(moved):
            for name in files:
                try:
                    fd = os.open(os.path.join(root, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)

    def clear(self):
        shutil.rmtree(self.root, ignore_errors=True)
        os.sync()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def summarize(rs, keys):
    out = {k: median([r.get(k) for r in rs]) for k in keys}
    out["min_wall_s"] = min(r["wall_s"] for r in rs)
    out["max_wall_s"] = max(r["wall_s"] for r in rs)
    out["max_rss_mb"] = max(r["max_rss_kb"] for r in rs) / 1024
    for r in rs:
        r.pop("stdout_last_all", None)
    out["runs"] = rs
    return out


# --- the cases ------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=int(os.environ.get("MM_IMAP_PORT", 11143)))
    ap.add_argument("--work", default=os.environ.get("MM_WORK", "/tmp/mailmind-bench"))
    ap.add_argument("--dovecot-dir", default=os.environ.get("MM_DOVECOT_DIR", "/tmp/mailmind-bench/dovecot"))
    ap.add_argument("--jar", required=True, help="mailmind-examples/target/mailmind.jar")
    ap.add_argument("--java", default=os.environ.get("MM_JAVA", "java"))
    ap.add_argument("--java-opts", default=os.environ.get("MM_JAVA_OPTS", "-Xmx256m"))
    ap.add_argument("--user", default="bench", help="the main mailbox's user")
    ap.add_argument("--noop-users", default="bench1k,bench,bench50k",
                    help="users whose mailboxes the no-change resync is measured on (ascending size)")
    ap.add_argument("--big-user", default="benchbig", help="user whose mailbox has the 100 MB attachment ('' = skip)")
    ap.add_argument("--pg-url", default=os.environ.get("MM_PG_URL", "jdbc:postgresql://127.0.0.1:5432/mailmind_bench"))
    ap.add_argument("--pg-user", default=os.environ.get("MM_PG_USER", "postgres"))
    ap.add_argument("--runs", type=int, default=5, help="measured runs of the full-mirror cases")
    ap.add_argument("--fast-runs", type=int, default=9, help="measured runs of the fast cases")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--noop-reps", type=int, default=50)
    ap.add_argument("--only", default="", help="comma-separated case ids (default: all)")
    ap.add_argument("--skip", default="", help="comma-separated case ids to skip")
    ap.add_argument("--scratch-fs", choices=("auto", "off"), default=os.environ.get("MM_SCRATCH_FS", "auto"),
                    help="cold outputs on a fresh ext4 per run (see ScratchFs; auto: when root, mkfs.ext4, losetup)")
    ap.add_argument("--json", default=None)
    ap.add_argument("--render", metavar="RESULTS_JSON", help="only re-print the table of a saved results.json")
    a = ap.parse_args()
    if a.render:
        with open(a.render) as f:
            print(render(json.load(f)), end="")
        return

    os.makedirs(a.work, exist_ok=True)
    mail = os.path.join(a.dovecot_dir, "mail")

    def manifest(user):
        with open(os.path.join(mail, user + ".manifest.json")) as f:
            return json.load(f)
    man = manifest(a.user)
    n_msgs, mb = man["count"], man["total_rfc822_bytes"] / 1e6
    try:
        master_pid = int(open(os.path.join(a.dovecot_dir, "run", "master.pid")).read().strip())
    except (OSError, ValueError):
        master_pid = None
        print("warning: no Dovecot master pid, server CPU will not be reported", file=sys.stderr)
    log_path = os.path.join(a.work, "measure.log")
    logf = open(log_path, "w")
    runner = Runner(a.work, master_pid, logf)
    scratch = ScratchFs(a.work).start() if a.scratch_fs == "auto" and ScratchFs.available() else None
    retire = Retired(a.work, scratch=scratch)
    atexit.register(retire.clear)
    if scratch:
        atexit.register(scratch.stop)
    # where the cold outputs of a run go: a fresh file system per run, or the work directory
    cold = scratch.mount if scratch else a.work
    only = set(filter(None, a.only.split(",")))
    skip = set(filter(None, a.skip.split(",")))

    def wanted(cid):
        return (not only or cid in only) and cid not in skip

    py = sys.executable
    raw = [py, os.path.join(HERE, "imap_raw.py")]
    env = dict(os.environ)
    env[PASSWORD_ENV] = os.environ.get("MM_PASS", "bench")
    results = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
               "loadavg_start": open("/proc/loadavg").read().split()[:3], "steal_start_s": steal_s(),
               "machine": {"cores": os.cpu_count(), "kernel": platform.release(), "cpu": _cpu_model(),
                           "mem_gb": _mem_gb()},
               "versions": _versions(a.java), "java_opts": a.java_opts,
               "mailbox": {k: man.get(k) for k in ("count", "seed", "total_bytes", "total_rfc822_bytes", "sha256",
                                                   "folders", "kinds")},
               "runs": a.runs, "fast_runs": a.fast_runs, "warmup": a.warmup, "scratch_fs": scratch is not None,
               "cases": {}}

    def measure(cid, label, cmd, runs, kind, prepare=None, check=None, env=None, before_each=None, gc=False,
                warmup=None):
        """Warm-up run(s) then `runs` measured runs; returns and records the summary."""
        print("== %s: %s" % (cid, label), file=sys.stderr, flush=True)
        rs = []
        warm = a.warmup if warmup is None else warmup
        for i in range(warm + runs):
            if prepare:
                prepare()
            gclog = os.path.join(a.work, "gc-%s.log" % cid)
            full = [x.replace("{gclog}", gclog) for x in cmd]
            full_env = {k: v.replace("{gclog}", gclog) for k, v in env.items()} if env else env
            if gc and os.path.exists(gclog):
                os.unlink(gclog)
            r = runner.run(full, full_env)
            if check:
                extra = check(r)
                if isinstance(extra, dict):
                    r.update(extra)
            if gc:
                r["heap_peak_mb"] = gc_peak_mb(gclog)
            if i < warm:
                continue
            rs.append(r)
            print("   run %d: wall %.3fs  user %.2fs  sys %.2fs  steal %ss  rss %.0f MB%s%s" % (
                i + 1 - warm, r["wall_s"], r["user_s"], r["sys_s"], r.get("steal_s"), r["max_rss_kb"] / 1024,
                "  heap %s MB" % r.get("heap_peak_mb") if gc else "",
                "  " + json.dumps(r["phases"]) + " seconds %.3f" % r["seconds"] if "phases" in r else ""),
                file=sys.stderr, flush=True)
        keys = ["wall_s", "user_s", "sys_s", "max_rss_kb", "dovecot_cpu_s", "heap_peak_mb", "seconds",
                "metadata_s", "content_s", "markdown_s", "after_login_s", "pg_cpu_s", "jit_s", "steal_s"]
        s = summarize(rs, keys)
        s.update({"label": label, "kind": kind, "cmd": cmd})
        results["cases"][cid] = s
        return s

    def check_raw(expect):
        def chk(r):
            d = json.loads(r["stdout_last"])
            if d["messages"] != expect:
                raise RuntimeError("expected %d messages, got %s" % (expect, d["messages"]))
            return {"after_login_s": d["total_s"] - d["login_s"]}
        return chk

    def check_sync(expect_total, expect_new=None):
        def chk(r):
            d = json.loads(r["stdout_last"])
            if d["messages_total"] != expect_total or d["errors"] != 0:
                raise RuntimeError("sync: expected %d messages and no errors, got %s" % (expect_total, d))
            if expect_new is not None and d["messages_new"] != expect_new:
                raise RuntimeError("sync: expected %d new messages, got %s" % (expect_new, d))
            p = d["phases"]
            return {"seconds": d["seconds"], "phases": p, "metadata_s": p["metadata_s"],
                    "content_s": p["content_s"], "markdown_s": p["markdown_s"], "summary": d}
        return chk

    # the command line as a user runs it: the ./mailmind launcher (JVM options through MAILMIND_JAVA_OPTS, the JDK
    # of --java through JAVA_HOME), so whatever the launcher adds is measured too
    java = [os.path.join(os.path.dirname(HERE), "mailmind")]
    cli_env = dict(env)
    cli_env["MAILMIND_JAVA_OPTS"] = a.java_opts + " -Xlog:gc:file={gclog}"
    java_bin = shutil.which(a.java) or a.java
    cli_env["JAVA_HOME"] = os.path.dirname(os.path.dirname(os.path.realpath(java_bin)))

    def sync_cmd(user, db, db_user=None):
        cmd = java + ["sync", "--host", "127.0.0.1", "--port", str(a.port), "--security", "plain", "--user", user,
                      "--password-env", PASSWORD_ENV, "--db", db]
        return cmd + (["--db-user", db_user] if db_user else [])

    def cold_dir(path):
        """Before a run: what the last run left at `path` is gone (moved aside, or a fresh scratch file system)."""
        def prep():
            retire(path)
            os.makedirs(path)
        return prep

    def h2_dir(name):
        # the no-change resyncs' mirrors stay in the work directory: they are synced again, not made cold
        return os.path.join(a.work if name.startswith("noop-") else cold, "h2", name)

    def h2_url(name):
        return "jdbc:h2:file:%s/mailmind" % h2_dir(name)

    def cold_h2(name):
        return cold_dir(h2_dir(name))

    # -- the references --
    if wanted("raw-body"):
        measure("raw-body", "raw IMAP floor: every byte over 1 connection, minimal client (Python)",
                raw + ["body", "--port", str(a.port), "--user", a.user, "--expect", str(n_msgs)], a.fast_runs, "full",
                check=check_raw(n_msgs))
    if wanted("raw-body-2conn"):
        measure("raw-body-2conn", "raw floor over 2 parallel connections",
                raw + ["body", "--conns", "2", "--port", str(a.port), "--user", a.user, "--expect", str(n_msgs)],
                a.fast_runs, "full", check=check_raw(n_msgs))
    if wanted("raw-meta"):
        measure("raw-meta", "metadata-only pass: UID FLAGS ENVELOPE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (12)]",
                raw + ["meta", "--port", str(a.port), "--user", a.user, "--expect", str(n_msgs)], a.fast_runs, "meta",
                check=check_raw(n_msgs))
    def disk_probe(cid, where, root):
        probe_dir = os.path.join(root, "disk-probe")
        measure(cid, "this machine's disk%s: 3,000 files of 160 KB, each written, fsynced and renamed as mbsync does "
                "per message (Python)" % where, [py, os.path.join(HERE, "disk_probe.py"), probe_dir], a.runs, "full",
                prepare=cold_dir(probe_dir))

    def mbsync_rc(mirror, name, fsync="yes"):
        rc = os.path.join(a.work, name)
        with open(rc, "w") as f:
            f.write("# generated by bench/measure.py\nFSync " + fsync + "\n\nIMAPAccount bench\nHost 127.0.0.1\nPort %d\n"
                    "User %s\nPass %s\nSSLType None\nAuthMechs LOGIN\n\nIMAPStore bench-far\nAccount bench\n\n"
                    "MaildirStore bench-near\nPath %s/\nInbox %s/INBOX\nSubFolders Verbatim\n\n"
                    "Channel bench\nFar :bench-far:\nNear :bench-near:\nPatterns *\nCreate Near\nSync Pull\n"
                    "SyncState *\nExpunge None\nRemove None\n" % (a.port, a.user, env[PASSWORD_ENV], mirror, mirror))
        return rc

    def mirror_check(mirror):
        def chk(r):
            got = sum(len(f) for root, d, f in os.walk(mirror) if os.path.basename(root) in ("cur", "new"))
            if got != n_msgs:
                raise RuntimeError("mbsync mirror has %d messages, expected %d" % (got, n_msgs))
        return chk

    where_cold = " (a fresh ext4 per run)" if scratch else ""
    if wanted("disk-probe"):
        disk_probe("disk-probe", where_cold, cold)
    if scratch and wanted("disk-probe-rootfs"):
        disk_probe("disk-probe-rootfs", " (the root file system, ext4 without a journal)", a.work)
    mirror = os.path.join(cold, "mbsync-mirror")
    cold_mirror = cold_dir(mirror)
    check_mirror = mirror_check(mirror)
    rc = mbsync_rc(mirror, "mbsyncrc")
    if wanted("mbsync-full"):
        measure("mbsync-full", "mbsync 1.4 full pull into a cold Maildir (default FSync yes)%s" % where_cold,
                ["mbsync", "-q", "-c", rc, "-a"], a.runs, "full", prepare=cold_mirror, check=check_mirror)
    if wanted("mbsync-nofsync"):
        # mbsync without its fsync per message: the durability that Mailmind into H2 has (H2 does not sync at commit)
        measure("mbsync-nofsync", "the same with `FSync no` (no fsync per message)%s" % where_cold,
                ["mbsync", "-q", "-c", mbsync_rc(mirror, "mbsyncrc-nofsync", "no"), "-a"], a.runs, "full",
                prepare=cold_mirror, check=check_mirror)
    if scratch and wanted("mbsync-rootfs"):
        root_mirror = os.path.join(a.work, "mbsync-mirror")
        measure("mbsync-rootfs", "the same into the root file system (ext4 without a journal), where every bench "
                "before the fifth session of round two measured it", ["mbsync", "-q", "-c", mbsync_rc(root_mirror, "mbsyncrc-rootfs"), "-a"],
                a.runs, "full", prepare=cold_dir(root_mirror), check=mirror_check(root_mirror))
        retire(root_mirror)
    if wanted("mbsync-noop"):
        cold_mirror()
        runner.run(["mbsync", "-q", "-c", rc, "-a"])
        measure("mbsync-noop", "mbsync again, nothing changed", ["mbsync", "-q", "-c", rc, "-a"], a.fast_runs, "noop",
                check=check_mirror)
    retire(mirror)

    # -- Mailmind --
    if wanted("mailmind-h2"):
        measure("mailmind-h2", "Mailmind sync into a cold embedded H2 file (%s)" % a.java_opts,
                sync_cmd(a.user, h2_url("main")), a.runs, "full", prepare=cold_h2("main"),
                check=check_sync(n_msgs, n_msgs), env=cli_env, gc=True)
    if wanted("mailmind-sqlite"):
        measure("mailmind-sqlite", "Mailmind sync into a cold SQLite file, the command line's default store (%s)"
                % a.java_opts, sync_cmd(a.user, "jdbc:sqlite:%s/sqlite/mailmind.db" % cold), a.runs, "full",
                prepare=cold_dir(os.path.join(cold, "sqlite")), check=check_sync(n_msgs, n_msgs), env=cli_env, gc=True)
    if wanted("mailmind-h2-c1"):
        # the same one-shot process with the C1 JIT only: what the C2 compiler costs a short-lived JVM on 2 cores
        c1_env = dict(cli_env)
        c1_env["MAILMIND_JAVA_OPTS"] = cli_env["MAILMIND_JAVA_OPTS"] + " -XX:TieredStopAtLevel=1"
        measure("mailmind-h2-c1", "the same with the C1 JIT only (`-XX:TieredStopAtLevel=1`)",
                sync_cmd(a.user, h2_url("c1")), a.runs, "full", prepare=cold_h2("c1"),
                check=check_sync(n_msgs, n_msgs), env=c1_env, gc=True)
    def engine_full_syncs(cid, label, dirname, count, runs, props=()):
        """SyncLoop: `count` full syncs in one JVM, each into a fresh H2 file (the one before deleted; SQLite with
        props -Dstore=sqlite), the last
        measured: wall and CPU are that sync's, RSS and heap the whole process's; every sync's phases, CPU and JIT
        time are kept (by_sync)."""
        loopdir = os.path.join(cold, dirname)

        def check_loop(r):
            syncs = [json.loads(line) for line in r["stdout_last_all"].splitlines() if line.startswith("{")]
            last = syncs[-1]
            if len(syncs) != count or any(x["messages_total"] != n_msgs or x["errors"] for x in syncs):
                raise RuntimeError("SyncLoop full syncs: %s" % syncs)
            p = last["phases"]
            return {"seconds": last["seconds"], "phases": p, "metadata_s": p["metadata_s"],
                    "content_s": p["content_s"], "markdown_s": p["markdown_s"], "wall_s": last["wall_s"],
                    "user_s": last["process_cpu_s"], "sys_s": 0.0, "summary": last, "jit_s": last["jit_s"],
                    "by_sync": [{"content_s": x["phases"]["content_s"], "metadata_s": x["phases"]["metadata_s"],
                                 "cpu_s": x["process_cpu_s"], "jit_s": x["jit_s"]} for x in syncs],
                    "dovecot_cpu_s": None if r.get("dovecot_cpu_s") is None else round(r["dovecot_cpu_s"] / count, 3)}
        loop = [a.java] + shlex.split(a.java_opts) + list(props) + ["-Xlog:gc:file={gclog}", "-cp", a.jar,
                                                      os.path.join(HERE, "java", "SyncLoop.java"), str(a.port),
                                                      a.user, loopdir, str(count), "0"]
        measure(cid, label, loop, runs, "full", prepare=cold_dir(loopdir), check=check_loop, env=env, gc=True, warmup=0)

    if wanted("mailmind-h2-warm"):
        # a host application's engine after its first warm-up: the third of 3 full syncs
        engine_full_syncs("mailmind-h2-warm", "Mailmind engine kept running (as in a host application): 3rd full "
                          "sync into a fresh H2 file in one JVM (%s)" % a.java_opts, "loopfull", 3, max(1, min(a.runs, 2)))
    if wanted("mailmind-sqlite-warm"):
        # the same engine with the embedded store the README recommends: SQLite is native code, which the JIT
        # does not have to compile
        engine_full_syncs("mailmind-sqlite-warm", "the same engine into SQLite: 3rd full sync into a fresh SQLite file "
                          "in one JVM (%s)" % a.java_opts, "loopsqlite", 3, max(1, min(a.runs, 2)),
                          props=("-Dstore=sqlite",))
    if wanted("mailmind-h2-8th"):
        # the same engine later on, with the time the JIT compilers spent in each sync: is the 3rd still warming up?
        engine_full_syncs("mailmind-h2-8th", "the same engine later on: 8th full sync into a fresh H2 file in one JVM "
                          "(%s)" % a.java_opts, "loop8", 8, 1)
    if wanted("mailmind-pg"):
        db = a.pg_url.rsplit("/", 1)[1].split("?")[0]

        def cold_pg():
            for sql in ("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db, "CREATE DATABASE %s" % db):
                subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", a.pg_user, "-d", "postgres", "-c", sql],
                               check=True, stdout=subprocess.DEVNULL)
        measure("mailmind-pg", "Mailmind sync into a fresh PostgreSQL database (%s)" % a.java_opts,
                sync_cmd(a.user, a.pg_url, a.pg_user), a.runs, "full", prepare=cold_pg,
                check=check_sync(n_msgs, n_msgs), env=cli_env, gc=True)
    noop_users = [u for u in a.noop_users.split(",") if u]
    for u in noop_users:
        cid = "mailmind-noop-%s" % u
        if not wanted(cid) and not (only and "mailmind-noop" in only):
            continue
        count = manifest(u)["count"]
        name = "noop-" + u
        db_file = os.path.join(h2_dir(name), "mailmind.mv.db")
        main_db = os.path.join(h2_dir("main"), "mailmind.mv.db")
        if u == a.user and os.path.exists(main_db) and "mailmind-h2" in results["cases"]:
            cold_h2(name)()   # the last run of mailmind-h2 left a complete mirror of the main mailbox
            shutil.copyfile(main_db, db_file)
            main_att = os.path.join(h2_dir("main"), "mailmind.attachments")
            if os.path.isdir(main_att):
                shutil.copytree(main_att, os.path.join(h2_dir(name), "mailmind.attachments"))
        elif not os.path.exists(db_file):
            print("== %s: first a full sync of %d messages" % (cid, count), file=sys.stderr, flush=True)
            cold_h2(name)()
        # brings a mirror left by an earlier bench run (or none) up to date; recorded, not measured
        first_gc = os.path.join(a.work, "gc-noop-first.log")
        first = runner.run(sync_cmd(u, h2_url(name)), {k: v.replace("{gclog}", first_gc) for k, v in cli_env.items()})
        d = json.loads(first["stdout_last"])
        results.setdefault("noop_first_sync", {})[u] = {"wall_s": first["wall_s"], "summary": d}
        if d["messages_total"] != count or d["errors"]:
            raise RuntimeError("sync of %s: %s" % (u, d))
        s = measure(cid, "Mailmind sync again, nothing changed (%d messages)" % count, sync_cmd(u, h2_url(name)),
                    a.fast_runs, "noop", check=check_sync(count, 0), env=cli_env, gc=True)
        s["messages"] = count
        # the same on a running engine (one JVM, Mailmind built once): what a periodic sync costs
        loop = [a.java] + shlex.split(a.java_opts) + ["-cp", a.jar, os.path.join(HERE, "java", "SyncLoop.java"),
                                                      str(a.port), u, os.path.join(a.work, "loop"), "0",
                                                      str(1 + a.noop_reps), h2_url(name)]
        print("== %s (warm): %d syncs in one JVM" % (cid, 1 + a.noop_reps), file=sys.stderr, flush=True)
        p = subprocess.run(loop, cwd=a.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        logf.write("$ %s\n%s%s\n" % (" ".join(loop), p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")[-2000:]))
        if p.returncode != 0:
            raise RuntimeError("SyncLoop failed: %s" % p.stderr.decode(errors="replace")[-2000:])
        runs = [json.loads(line) for line in p.stdout.decode().splitlines() if line.startswith("{")][1:]
        if any(r["messages_new"] or r["errors"] or r["messages_total"] != count for r in runs):
            raise RuntimeError("warm resync of %s changed something: %s" % (u, runs[:3]))
        s["warm_seconds"] = median([r["seconds"] for r in runs])
        s["warm_min_seconds"] = min(r["seconds"] for r in runs)
        s["warm_runs"] = len(runs)
        print("   warm: median %.4f s, min %.4f s over %d syncs" % (s["warm_seconds"], s["warm_min_seconds"], len(runs)),
              file=sys.stderr, flush=True)
    if a.big_user and wanted("mailmind-big"):
        bm = manifest(a.big_user)
        measure("mailmind-big", "Mailmind sync into cold H2, mailbox with a %d MB attachment (%d messages, %.0f MB)"
                % (bm.get("big_attachment_mb", 0), bm["count"], bm["total_rfc822_bytes"] / 1e6),
                sync_cmd(a.big_user, h2_url("big")), max(1, min(a.runs, 2)), "big", prepare=cold_h2("big"),
                check=check_sync(bm["count"], bm["count"]), env=cli_env, gc=True)

    if wanted("probes"):
        print("== probes: no-change resync probes (%d reps)" % a.noop_reps, file=sys.stderr, flush=True)
        p = subprocess.run(raw + ["noop", "--port", str(a.port), "--user", a.user, "--reps", str(a.noop_reps)],
                           stdout=subprocess.PIPE, check=True)
        results["noop_probes"] = {a.user: json.loads(p.stdout)}
        for u in noop_users:
            if u != a.user:
                p = subprocess.run(raw + ["noop", "--port", str(a.port), "--user", u, "--reps", str(a.noop_reps)],
                                   stdout=subprocess.PIPE, check=True)
                results["noop_probes"][u] = json.loads(p.stdout)
        for probe in results["noop_probes"].values():
            probe.pop("state", None)

    results["main_user"] = a.user
    results["noop_users"] = noop_users
    results["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    results["steal_end_s"] = steal_s()
    json_path = a.json or os.path.join(a.work, "results.json")
    with open(json_path, "w") as f:
        json.dump(results, f, indent=2)
    table = render(results)
    with open(os.path.join(a.work, "results.md"), "w") as f:
        f.write(table)
    print(table)
    print("(json: %s, table: %s/results.md, command log: %s)" % (json_path, a.work, log_path), file=sys.stderr)


# --- the table ------------------------------------------------------------------------------

def render(res):
    c = res["cases"]
    mbx = res["mailbox"]
    n_msgs, mb = mbx["count"], mbx["total_rfc822_bytes"] / 1e6
    out = []
    m = res["machine"]
    out.append("Measured %s on %s, %d cores, %s GB RAM, kernel %s" % (res["date"], m["cpu"], m["cores"], m["mem_gb"],
                                                                    m["kernel"]))
    out.append("Versions: " + ", ".join("%s %s" % kv for kv in res["versions"].items())
               + "; Mailmind JVM options: `%s`" % res.get("java_opts", ""))
    out.append("Mailbox: %d messages, %.1f MB (sum of RFC822.SIZE), seed %s, sha256 %s..."
               % (n_msgs, mb, mbx["seed"], (mbx["sha256"] or "")[:16]))
    out.append("Medians of %d runs (%d for the fast cases) after %d warm-up run(s); server page cache warm, "
               "client mirror cold." % (res["runs"], res["fast_runs"], res["warmup"]))
    if "scratch_fs" in res:
        out.append("Client outputs (Maildir, database files, attachment files): %s." % (
            "a fresh ext4 file system with a journal for every run, on a loop device (measure.py, ScratchFs)"
            if res["scratch_fs"] else "the work directory on the root file system"))
    out.append("Load average (1/5/15 min) at start %s, at end %s." % ("/".join(res["loadavg_start"]),
                                                                   "/".join(res.get("loadavg_end", ["?"]))))
    if res.get("steal_start_s") is not None and res.get("steal_end_s") is not None:
        out.append("CPU steal over the whole run (time the hypervisor gave this VM's CPUs to other guests): %.1f s."
                   % (res["steal_end_s"] - res["steal_start_s"]))
    out.append("")
    floor = c.get("raw-body", {}).get("wall_s")
    mbs = c.get("mbsync-full", {}).get("wall_s")

    def ratio(x, ref):
        return "%.2f" % (x / ref) if x is not None and ref else "-"

    def f3(x):
        return "%.3f" % x if x is not None else "-"

    out.append("| case | what | wall s (median) | wall s (min-max) | content_s | seconds (whole sync) | metadata_s "
               "| markdown_s | x floor (content_s) | x mbsync (content_s / seconds) | client CPU s | Dovecot CPU s "
               "| peak RSS MB (median/max) | peak heap MB | CPU steal s |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cid, s in c.items():
        if s["kind"] == "noop" and cid.startswith("mailmind-noop"):
            continue
        mm = "content_s" in s and s.get("content_s") is not None
        if mm:
            xf = ratio(s["content_s"], floor) if s["kind"] == "full" else "-"
            xm = ("%s / %s" % (ratio(s["content_s"], mbs), ratio(s["seconds"], mbs))) if s["kind"] == "full" else "-"
        else:
            xf = ratio(s["wall_s"], floor) if s["kind"] == "full" else "-"
            xm = ratio(s["wall_s"], mbs) if s["kind"] == "full" else "-"
        out.append("| %s | %s | %s | %s-%s | %s | %s | %s | %s | %s | %s | %.2f | %s | %.0f / %.0f | %s | %s |" % (
            cid, s["label"], f3(s["wall_s"]), f3(s["min_wall_s"]), f3(s["max_wall_s"]),
            f3(s.get("content_s")), f3(s.get("seconds")), f3(s.get("metadata_s")), f3(s.get("markdown_s")), xf, xm,
            (s["user_s"] or 0) + (s["sys_s"] or 0),
            "%.2f" % s["dovecot_cpu_s"] if s.get("dovecot_cpu_s") is not None else "-",
            s["max_rss_kb"] / 1024, s["max_rss_mb"],
            "%.0f" % s["heap_peak_mb"] if s.get("heap_peak_mb") is not None else "-",
            "%.2f" % s["steal_s"] if s.get("steal_s") is not None else "-"))

    probes = res.get("noop_probes", {})
    noops = [(u, c.get("mailmind-noop-%s" % u)) for u in res.get("noop_users", [])]
    noops = [(u, s) for u, s in noops if s]
    if noops:
        out.append("")
        out.append("No-change resync (a second `sync` right after a complete one), by mailbox size; the probe is one "
                   "logged-in connection doing `SELECT (CONDSTORE)` on every folder (median of %s passes):"
                   % (next(iter(probes.values()))["reps"] if probes else "?"))
        out.append("")
        out.append("| mailbox | messages | running engine: sync `seconds` (median) | x CONDSTORE probe "
                   "| x (login + probe) | CLI: `seconds` | CLI process wall s "
                   "| CONDSTORE probe ms | probe login ms | STATUS probe ms | mbsync no-op wall s |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for u, s in noops:
            p = probes.get(u)
            cond = p["probes"]["condstore"]["median_ms"] / 1000 if p else None
            login = p["login_ms"] / 1000 if p else None
            warm = s.get("warm_seconds")
            out.append("| %s | %d | %s | %s | %s | %.3f | %.3f | %s | %s | %s | %s |" % (
                u, s["messages"], "%.4f" % warm if warm is not None else "-", ratio(warm, cond),
                ratio(warm, cond + login) if cond and login else "-", s["seconds"], s["wall_s"],
                "%.2f" % (cond * 1000) if cond else "-", "%.1f" % p["login_ms"] if p else "-",
                "%.2f" % p["probes"]["status"]["median_ms"] if p else "-",
                f3(c["mbsync-noop"]["wall_s"]) if u == res.get("main_user") and "mbsync-noop" in c else "-"))

    # targets (issue 16): ratios to mbsync's wall time in the same run
    h2, pg, meta = c.get("mailmind-h2"), c.get("mailmind-pg"), c.get("raw-meta")
    warm, sq = c.get("mailmind-h2-warm"), c.get("mailmind-sqlite")
    eighth = c.get("mailmind-h2-8th")
    if eighth:
        out.append("")
        out.append("The engine kept running, sync by sync (`mailmind-h2-8th`, one JVM, each full sync into a fresh H2 "
                   "file): content_s / metadata_s / process CPU s / time the JIT compilers spent (elapsed, summed over "
                   "the compiler threads):")
        out.append("")
        for r in eighth.get("runs", []):
            out.append("| sync | " + " | ".join(str(i + 1) for i in range(len(r.get("by_sync", [])))) + " |")
            out.append("|---|" + "---:|" * len(r.get("by_sync", [])))
            for key in ("content_s", "metadata_s", "cpu_s", "jit_s"):
                out.append("| %s | " % key + " | ".join("%.2f" % x[key] for x in r.get("by_sync", [])) + " |")
    rows = []
    if h2 and mbs:
        rows.append(("`./mailmind sync` into H2 (fresh JVM): whole sync <= 0.75x mbsync",
                     "%.3f s vs %.3f s" % (h2["seconds"], mbs), h2["seconds"] / mbs, 0.75))
        rows.append(("`./mailmind sync` into H2 (fresh JVM): content <= 0.6x mbsync",
                     "%.3f s vs %.3f s" % (h2["content_s"], mbs), h2["content_s"] / mbs, 0.6))
    if h2:
        rows.append(("`./mailmind sync` into H2: every metadata row committed (metadata_s) <= 1.0 s",
                     "%.3f s" % h2["metadata_s"], h2["metadata_s"], 1.0))
    if warm and mbs:
        rows.append(("engine kept running (3rd sync): content <= 0.5x mbsync", "%.3f s vs %.3f s" % (warm["content_s"], mbs),
                     warm["content_s"] / mbs, 0.5))
    if warm and floor:
        rows.append(("engine kept running (3rd sync): content <= 3x raw floor", "%.3f s vs %.3f s" % (warm["content_s"], floor),
                     warm["content_s"] / floor, 3.0))
    if warm and meta:
        ref = meta.get("after_login_s") or meta["wall_s"]
        rows.append(("engine kept running (3rd sync): metadata_s <= 3x metadata-only pass (after login)",
                     "%.3f s vs %.3f s" % (warm["metadata_s"], ref), warm["metadata_s"] / ref, 3.0))
    sq_warm = c.get("mailmind-sqlite-warm")
    if sq_warm and mbs and floor:
        rows.append(("(reported) engine kept running into SQLite (3rd sync): content vs mbsync / vs raw floor",
                     "%.3f s vs %.3f s / %.3f s" % (sq_warm["content_s"], mbs, floor), sq_warm["content_s"] / mbs,
                     None))
    if sq_warm and meta:
        ref = meta.get("after_login_s") or meta["wall_s"]
        rows.append(("(reported) engine kept running into SQLite (3rd sync): metadata_s vs metadata-only pass",
                     "%.3f s vs %.3f s" % (sq_warm["metadata_s"], ref), sq_warm["metadata_s"] / ref, None))
    if eighth and mbs:
        rows.append(("(reported) engine kept running, 8th sync: content vs mbsync",
                     "%.3f s vs %.3f s" % (eighth["content_s"], mbs), eighth["content_s"] / mbs, None))
    if pg and mbs:
        rows.append(("PostgreSQL: whole sync <= 0.75x mbsync (client CPU %.1f s, server CPU %s s)"
                     % (pg["user_s"] + pg["sys_s"], "%.1f" % pg["pg_cpu_s"] if pg.get("pg_cpu_s") is not None else "?"),
                     "%.3f s vs %.3f s" % (pg["seconds"], mbs), pg["seconds"] / mbs, 0.75))
    if sq and mbs:
        # the targets name H2, the CLI's default store when they were set; SQLite is its default since issue 13
        rows.append(("(reported) `./mailmind sync` into SQLite, the CLI's default store: content / whole vs mbsync (ratio: whole)",
                     "%.3f / %.3f s vs %.3f s" % (sq["content_s"], sq["seconds"], mbs), sq["seconds"] / mbs, None))
    if sq:
        rows.append(("(reported) `./mailmind sync` into SQLite: every metadata row committed (metadata_s), "
                     "against the 1.0 s of the H2 target", "%.3f s" % sq["metadata_s"], sq["metadata_s"], None))
    nofsync = c.get("mbsync-nofsync", {}).get("wall_s")
    if nofsync and h2:
        rows.append(("(reported) CLI into H2 against mbsync without fsync (`FSync no`, H2's durability): content / whole",
                     "%.3f / %.3f s vs %.3f s" % (h2["content_s"], h2["seconds"], nofsync), h2["content_s"] / nofsync,
                     None))
    rootfs = c.get("mbsync-rootfs", {}).get("wall_s")
    if rootfs:
        # the reference on the root file system, as the benches before the scratch file system measured it
        for name, case in (("CLI into H2", h2), ("engine kept running (3rd sync)", warm), ("CLI into PostgreSQL", pg),
                           ("CLI into SQLite", sq)):
            if case:
                rows.append(("(reported) %s against mbsync into the root file system: content / whole" % name,
                             "%.3f / %.3f s vs %.3f s" % (case["content_s"], case["seconds"], rootfs),
                             case["content_s"] / rootfs, None))
    main_noop = c.get("mailmind-noop-%s" % res.get("main_user"))
    if main_noop and probes.get(res.get("main_user")) and main_noop.get("warm_seconds"):
        cond = probes[res["main_user"]]["probes"]["condstore"]["median_ms"] / 1000
        rows.append(("no-change resync (running engine) <= 2x CONDSTORE probe",
                     "%.4f s vs %.4f s" % (main_noop["warm_seconds"], cond), main_noop["warm_seconds"] / cond, 2.0))
    if len(noops) >= 2 and noops[0][1].get("warm_seconds") and noops[-1][1].get("warm_seconds"):
        first, last = noops[0][1], noops[-1][1]
        rows.append(("no-change resync flat (running engine): %s vs %s messages, growth" % (last["messages"],
                                                                                         first["messages"]),
                     "%.4f s vs %.4f s" % (last["warm_seconds"], first["warm_seconds"]),
                     last["warm_seconds"] / first["warm_seconds"], 1.5))
        pf, pl = probes.get(noops[0][0]), probes.get(noops[-1][0])
        if pf and pl:
            growth = last["warm_seconds"] / first["warm_seconds"]
            probe_growth = pl["probes"]["condstore"]["median_ms"] / pf["probes"]["condstore"]["median_ms"]
            rows.append(("no-change resync flat (running engine): growth over the CONDSTORE probe's own growth "
                         "(the server's SELECT is not flat)", "%.2fx vs the probe's %.2fx" % (growth, probe_growth),
                         growth / probe_growth, 1.5))
        rows.append(("no-change resync flat (CLI, new JVM): %s vs %s messages" % (last["messages"], first["messages"]),
                     "%.3f s vs %.3f s" % (last["seconds"], first["seconds"]), last["seconds"] / first["seconds"], 1.5))
    big = c.get("mailmind-big")
    if big:
        rows.append(("memory: full mirror with a 100 MB attachment under -Xmx256m (peak RSS MB)",
                     "RSS %.0f MB, heap %s MB" % (big["max_rss_mb"], big.get("heap_peak_mb")), None, None))
    if h2:
        rows.append(("memory: full %d-message mirror under -Xmx256m (peak RSS MB)" % n_msgs,
                     "RSS %.0f MB, heap %s MB" % (h2["max_rss_mb"], h2.get("heap_peak_mb")), None, None))
    if rows:
        out.append("")
        out.append("Targets (ratios within this run):")
        out.append("")
        out.append("| target | measured | ratio | limit | met |")
        out.append("|---|---|---:|---:|---|")
        for name, measured, r, limit in rows:
            out.append("| %s | %s | %s | %s | %s |" % (name, measured, "%.2f" % r if r is not None else "-",
                                                     "%.2f" % limit if limit is not None else "-",
                                                     ("yes" if r <= limit else "**no**") if r is not None and limit is not None
                                                     else ("ran" if r is None else "reported")))
    out.append("")
    out.append("`content_s`, `metadata_s`, `markdown_s` and `seconds` are the phases of Mailmind's `sync` summary "
               "line (from the start of the sync, after JVM start-up and opening the store, until the phase's last "
               "row was committed); wall s is the whole process (JVM start, store open/close included). Time to "
               "visible = `metadata_s` (every message listed with headers and flags). Peak heap = largest heap "
               "occupancy in the GC log; client CPU and peak RSS from /usr/bin/time -v; Dovecot CPU = CPU of the "
               "imap processes reaped by our Dovecot master during the run. CPU steal s = median over the case's "
               "runs of the time the hypervisor gave this VM's CPUs to other guests during a run (/proc/stat): "
               "well above 0, the run was slowed by its neighbours.")
    return "\n".join(out) + "\n"


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_gb():
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    return round(kb / 1024 / 1024, 1)


def _versions(java):
    v = {}

    def sh(cmd):
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
            return p.stdout.decode(errors="replace").strip()
        except Exception:
            return "?"
    v["dovecot"] = sh(["dovecot", "--version"]).split()[0] if shutil.which("dovecot") else "?"
    v["isync"] = sh(["mbsync", "--version"]).replace("isync ", "")
    v["python"] = platform.python_version()
    jv = sh([java, "-version"]).splitlines()
    v["java"] = jv[0].split('"')[1] if jv and '"' in jv[0] else "?"
    v["postgresql"] = sh(["psql", "--version"]).split()[-1] if shutil.which("psql") else "?"
    return v


if __name__ == "__main__":
    main()
