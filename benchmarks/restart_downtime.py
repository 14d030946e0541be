#!/usr/bin/env python3
"""Restart downtime of the sample app under its shell loop, sample-app/run-forever.sh.

Runs the loop for each variant in turn, round after round (so that the machine's load falls on
every variant alike), and times each line of the loop's output as it arrives. For every restart
it reports:

  crossing->request  the crossing task's "finished" line to the watcher's "restart requested"
                     line, from the application's own log timestamps (millisecond resolution)
  request->exit      the "restart requested" line to the loop's "exited" line
  downtime           the loop's "exited" line to the next process's first "task 1 finished" line

Variants: the packaged jar as built; the same application extracted by Spring Boot's jar tools
(java -Djarmode=tools -jar ... extract); and the extracted layout with a CDS archive made by a
training run (-XX:ArchiveClassesAtExit with -Dspring.context.exit=onRefresh), enabled through
JAVA_TOOL_OPTIONS because run-forever.sh passes no JVM option of its own.

Usage: python3 benchmarks/restart_downtime.py [--rounds 5] [--restarts 2] [--tasks 20]
Needs the sample jar: ./mvnw -B -DskipTests -pl sample-app -am package
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOOP = os.path.join(ROOT, "sample-app", "run-forever.sh")
JAR_NAME = "sample-app-0.1.0-SNAPSHOT.jar"
PACKAGED_JAR = os.path.join(ROOT, "sample-app", "target", JAR_NAME)

LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})")
EXITED = re.compile(r"run-forever: run (\d+) exited with code (\d+)")
STARTING = re.compile(r"run-forever: starting run (\d+)")


def log_millis(line):
    """The application's own timestamp of a log line, in epoch milliseconds, or None."""
    match = LOG_TIME.match(line)
    if not match:
        return None
    moment = datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S.%f")
    return moment.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000


def prepare(work):
    """Extracts the jar and makes the CDS archive as the Spring Boot reference documents."""
    extracted = os.path.join(work, "extracted")
    subprocess.run(["java", "-Djarmode=tools", "-jar", PACKAGED_JAR, "extract", "--destination", extracted],
                   check=True, stdout=subprocess.DEVNULL)
    archive = os.path.join(work, "application.jsa")
    extracted_jar = os.path.join(extracted, JAR_NAME)
    subprocess.run(["java", "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                    "-jar", extracted_jar], check=True, stdout=subprocess.DEVNULL)
    return extracted_jar, archive


def shared_class_share(jar, archive, work):
    """Share of classes loaded from a CDS archive in one start of the application to its refresh."""
    log = os.path.join(work, "class-load.log")
    options = ["-XX:SharedArchiveFile=" + archive] if archive else []
    subprocess.run(["java", *options, "-Xlog:class+load=info:file=" + log, "-Dspring.context.exit=onRefresh",
                    "-jar", jar], check=True, stdout=subprocess.DEVNULL)
    with open(log) as lines:
        loaded = [line for line in lines if "source:" in line]
    shared = [line for line in loaded if "shared objects file" in line]
    return len(shared), len(loaded)


def run_loop(jar, tool_options, restarts, tasks):
    """Runs run-forever.sh until `restarts` restarts were seen, then stops it; returns the figures."""
    env = dict(os.environ, JAR=jar, PAUSE="0")
    env.pop("JAVA_TOOL_OPTIONS", None)
    if tool_options:
        env["JAVA_TOOL_OPTIONS"] = tool_options
    loop = subprocess.Popen([LOOP, "--karton.memory-watcher.proceed-tasks=%d" % tasks, "--sample.tasks.interval=0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True, bufsize=1,
                            start_new_session=True)
    crossing_end = request = request_log = exited = None
    samples = []
    try:
        for line in loop.stdout:
            now = time.monotonic() * 1000
            if ("task %d finished" % tasks) in line:
                crossing_end = log_millis(line)
            elif "restart requested" in line:
                request, request_log = now, log_millis(line)
            elif EXITED.search(line):
                code = int(EXITED.search(line).group(2))
                if code != 75:
                    raise RuntimeError("The sample exited with code %d, not 75: %s" % (code, line))
                exited = now
                samples.append({"crossing->request": request_log - crossing_end, "request->exit": exited - request})
            elif "task 1 finished" in line and exited is not None:
                samples[-1]["downtime"] = now - exited
                exited = None
                if len(samples) == restarts:
                    break
    finally:
        # The loop runs in a session of its own: this ends the loop and its java child, nothing else.
        os.killpg(loop.pid, signal.SIGTERM)
        loop.wait()
    return samples


def summarise(name, samples):
    for figure in ("crossing->request", "request->exit", "downtime"):
        values = sorted(sample[figure] for sample in samples)
        print("%-14s %-18s median %8.1f ms   min %8.1f   max %8.1f   n=%d"
              % (name, figure, statistics.median(values), values[0], values[-1], len(values)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--restarts", type=int, default=2, help="restarts timed per variant and round")
    parser.add_argument("--tasks", type=int, default=20, help="proceed-tasks of each process")
    args = parser.parse_args()
    if not os.path.isfile(PACKAGED_JAR):
        sys.exit("No sample jar at %s; build it first: ./mvnw -B -DskipTests -pl sample-app -am package"
                 % PACKAGED_JAR)
    work = tempfile.mkdtemp(prefix="restart-downtime-")
    try:
        extracted_jar, archive = prepare(work)
        shared, loaded = shared_class_share(extracted_jar, archive, work)
        print("CDS check: %d of %d classes loaded from the archive up to the refresh" % (shared, loaded))
        variants = [("jar", PACKAGED_JAR, None), ("extracted", extracted_jar, None),
                    ("extracted+cds", extracted_jar, "-XX:SharedArchiveFile=" + archive)]
        results = {name: [] for name, _, _ in variants}
        for round_number in range(1, args.rounds + 1):
            for name, jar, options in variants:
                results[name].extend(run_loop(jar, options, args.restarts, args.tasks))
            print("round %d of %d done" % (round_number, args.rounds), file=sys.stderr)
        for name, _, _ in variants:
            summarise(name, results[name])
        plain = statistics.median(sample["downtime"] for sample in results["jar"])
        for name in ("extracted", "extracted+cds"):
            ratio = statistics.median(sample["downtime"] for sample in results[name]) / plain
            print("downtime ratio %s / jar: %.2f" % (name, ratio))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
