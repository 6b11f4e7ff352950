#!/usr/bin/env python3
"""Where a Mailmind sync spends its CPU: reads a JFR recording's execution samples and prints the share of each
stage (the categories of bench/README.md, "Where the time goes").

Record one (a cold CLI sync; for the engine warm, record SyncLoop with -XX:StartFlightRecording=delay=...):
  java -Xmx256m -XX:StartFlightRecording=filename=sync.jfr,settings=profile -jar mailmind.jar sync ...
then:
  bench/jfr_profile.py sync.jfr                 # uses the `jfr` tool of $JAVA_HOME or the PATH
  bench/jfr_profile.py sync.jfr --stacks 15     # also the 15 most frequent top-of-stack frames
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys

# first match wins: (category, any of these substrings in the stack)
CATEGORIES = [
    ("store: H2", ("org/h2/",)),
    ("store: PostgreSQL/MariaDB driver", ("org/postgresql/", "org/mariadb/")),
    ("SHA-256 of attachments", ("sun/security/provider/SHA2",)),
    ("base64 decoding", ("internal/mime/Base64Stream",)),
    ("quoted-printable decoding", ("internal/mime/QuotedPrintable",)),
    ("multipart splitting", ("internal/mime/MultipartSplitter", "MimeMultipart", "LenientMultipart")),
    ("HTML to Markdown (jsoup + renderer)", ("internal/mime/HtmlToMarkdown", "internal/mime/MarkdownRenderer",
                                             "internal/mime/HtmlCleaner", "org/jsoup/")),
    ("MIME mapping, other (headers, addresses, text)", ("internal/mime/",)),
    ("IMAP (Angus Mail protocol, sockets)", ("org/eclipse/angus/mail/", "internal/imap/")),
    ("engine (sync, pipeline, events)", ("internal/sync/", "spi/PerAccountExecutor")),
]


def category(frames):
    stack = " ".join(frames)
    for name, needles in CATEGORIES:
        if any(n in stack for n in needles):
            return name
    return "other (JDK, JFR, class loading)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--stacks", type=int, default=0)
    a = ap.parse_args()
    home = os.environ.get("JAVA_HOME")
    jfr = os.path.join(home, "bin", "jfr") if home and os.path.exists(os.path.join(home, "bin", "jfr")) else shutil.which("jfr")
    if not jfr:
        sys.exit("no jfr tool: set JAVA_HOME to a JDK")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                          a.recording], stdout=subprocess.PIPE, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    cats, tops = collections.Counter(), collections.Counter()
    for e in events:
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in e["values"]["stackTrace"]["frames"]]
        cats[category(frames)] += 1
        if frames:
            tops[frames[0]] += 1
    total = sum(cats.values()) or 1
    print("| stage | samples | share |")
    print("|---|---:|---:|")
    for name, n in cats.most_common():
        print("| %s | %d | %.1f%% |" % (name, n, 100.0 * n / total))
    print("| all | %d | 100%% |" % total)
    cpu(jfr, a.recording)
    if a.stacks:
        print()
        for frame, n in tops.most_common(a.stacks):
            print("%5d  %s" % (n, frame))


def seconds(value):
    """A JFR duration ("PT1.5S", "PT2M3.1S", or nanoseconds) in seconds."""
    if isinstance(value, (int, float)):
        return value / 1e9
    m = re.match(r"PT(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?", value or "")
    return sum(float(g or 0) * k for g, k in zip(m.groups(), (3600, 60, 1))) if m else 0.0


def cpu(jfr, recording):
    """What the execution samples do not show: the CPU of garbage collection and of the JIT compilers."""
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.GCCPUTime,jdk.Compilation,jdk.GarbageCollection",
                          recording], stdout=subprocess.PIPE, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    gc_cpu = sum(seconds(e["values"]["userTime"]) + seconds(e["values"]["systemTime"])
                 for e in events if e["type"] == "jdk.GCCPUTime")
    pauses = sum(seconds(e["values"]["sumOfPauses"]) for e in events if e["type"] == "jdk.GarbageCollection")
    kinds = collections.Counter(e["values"]["name"] for e in events if e["type"] == "jdk.GarbageCollection")
    compiles = [e for e in events if e["type"] == "jdk.Compilation"]
    by_tier = collections.Counter()
    for e in compiles:
        by_tier["C2" if e["values"]["compileLevel"] == 4 else "C1"] += seconds(e["values"]["duration"])
    print()
    print("garbage collection: %.1f CPU-s, pauses %.1f s (%s)" % (gc_cpu, pauses, ", ".join(
        "%d %s" % (n, k) for k, n in kinds.most_common())))
    print("JIT: %s in %d compilations over the recording's threshold (settings=profile: 100 ms), so a lower bound"
          % (", ".join("%s %.1f s" % kv for kv in sorted(by_tier.items())) or "none", len(compiles)))


if __name__ == "__main__":
    main()
