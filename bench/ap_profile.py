#!/usr/bin/env python3
"""Where a Mailmind process spends its CPU, from async-profiler's collapsed stacks: the share of each thread group
(task threads, the JIT's compiler threads, GC) and, within the task threads, of each stage. Unlike JFR's execution
samples (bench/jfr_profile.py), this counts every thread and the kernel, so the JIT's own cost shows.

async-profiler comes from Maven Central (tools.profiler:async-profiler:3.0; the jar holds
linux-x64/libasyncProfiler.so). Record a cold CLI sync with the interval timer (no perf events needed):
  unzip -o -q ~/.m2/repository/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar -d /tmp/ap
  MAILMIND_JAVA_OPTS="-agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=itimer,interval=5ms,threads,collapsed,file=/tmp/sync.collapsed" \\
    ./mailmind sync ...
then:
  bench/ap_profile.py /tmp/sync.collapsed
Where perf events are allowed (as root here), event=cpu instead of event=itimer samples each thread's own CPU
and shows the kernel's frames (suffix _[k]), such as ext4 allocating an inode for an attachment's file.
"""
import collections
import re
import sys

# first match wins: (stage, substrings of a stack)
STAGES = [
    ("store: H2", ("org/h2/",)),
    ("store: SQLite", ("org/sqlite",)),
    ("store: PostgreSQL/MariaDB driver", ("org/postgresql", "org/mariadb")),
    ("SHA-256 of attachments", ("sun/security/provider/SHA",)),
    ("base64 decoding", ("Base64Stream",)),
    ("quoted-printable decoding", ("QuotedPrintable",)),
    ("multipart splitting", ("MultipartSplitter",)),
    ("HTML to Markdown (jsoup, renderer, new text)", ("HtmlToMarkdown", "MarkdownRenderer", "HtmlCleaner", "org/jsoup",
                                                      "HiddenContent", "internal/reply/")),
    ("MIME mapping, other", ("internal/mime/",)),
    ("IMAP (Angus Mail, our guards)", ("org/eclipse/angus", "internal/imap/")),
    ("attachment files (create, mkdir, write)", ("FileBlobStore", "VerifiedCopy", "BlobWriter")),
    ("engine (sync, pipeline, events)", ("io/mailmind/",)),
]


def main(path):
    stages, threads, total = collections.Counter(), collections.Counter(), 0
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        n = int(n)
        total += n
        frames = stack.split(";")
        thread = re.sub(r"\d+", "N", frames[0])
        threads[thread] += n
        if "mailmind-task" not in thread and "main" not in thread:
            continue
        s = stack.replace(".", "/")
        stage = next((name for name, pats in STAGES if any(p in s for p in pats)), "other (JDK, kernel)")
        stages[stage] += n
    print("| thread group | share of all samples |\n|---|---:|")
    for name, n in threads.most_common(8):
        print("| %s | %.1f%% |" % (name, 100.0 * n / total))
    print("\n| stage, in the task and main threads | share of all samples |\n|---|---:|")
    for name, n in stages.most_common():
        print("| %s | %.1f%% |" % (name, 100.0 * n / total))
    print("\n%d samples" % total)


if __name__ == "__main__":
    main(sys.argv[1])
