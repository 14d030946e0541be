#!/usr/bin/env python3
"""Median throughput ratio with/without the watcher, pair by pair, from a JMH JSON result file.

Each measured iteration of ConsumerThroughputBenchmark.sideBySide timed one loop of tasks through
the watcher and one without, back to back; the ratio of that pair is unwatchedNanos / watchedNanos.
Usage: python3 benchmarks/throughput_ratio.py result.json
"""

import json
import statistics
import sys


def pairs(result):
    secondary = result["secondaryMetrics"]
    for unwatched_fork, watched_fork in zip(secondary["unwatchedNanos"]["rawData"],
                                            secondary["watchedNanos"]["rawData"]):
        yield from zip(unwatched_fork, watched_fork)


def main(path):
    with open(path) as file:
        results = json.load(file)
    for result in results:
        if not result["benchmark"].endswith("ConsumerThroughputBenchmark.sideBySide"):
            continue
        measured = list(pairs(result))
        ratios = sorted(unwatched / watched for unwatched, watched in measured)
        task_nanos = statistics.median(unwatched for unwatched, _ in measured) / 1_000_000
        watched_nanos = statistics.median(watched for _, watched in measured) / 1_000_000
        print("taskTokens=%-5s task %8.1f ns unwatched, %8.1f ns watched; ratio median %.4f "
              "(min %.4f, max %.4f, %d pairs)" % (result["params"]["taskTokens"], task_nanos, watched_nanos,
                                                   statistics.median(ratios), ratios[0], ratios[-1], len(ratios)))


if __name__ == "__main__":
    main(sys.argv[1])
