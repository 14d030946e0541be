#!/usr/bin/env python3
"""Medians of a JMH JSON result file, beside JMH's own score and error.

For each benchmark: the median over every measured iteration of every fork, JMH's score with its
99.9% error, and the median allocation per operation when the run used -prof gc. For
ConsumerThroughputBenchmark.sideBySide, whose every iteration timed one loop of tasks through the
watcher and one without, back to back: the median time per task of each loop and the median of the
pairs' throughput ratios with/without (unwatchedNanos / watchedNanos).
Usage: python3 benchmarks/jmh_summary.py result.json
"""

import json
import statistics
import sys

TASKS_PER_LOOP = 1_000_000


def flatten(raw_data):
    return [value for fork in raw_data for value in fork]


def label(result):
    name = result["benchmark"].rsplit(".", 2)
    params = ",".join("%s=%s" % item for item in sorted(result.get("params", {}).items()))
    return "%s.%s%s" % (name[-2], name[-1], " [%s]" % params if params else "")


def main(path):
    with open(path) as file:
        results = json.load(file)
    for result in results:
        primary = result["primaryMetric"]
        secondary = result.get("secondaryMetrics", {})
        line = "%-75s median %12.3f  (JMH %.3f ± %.3f) %s" % (
            label(result), statistics.median(flatten(primary["rawData"])), primary["score"],
            primary["scoreError"] if primary["scoreError"] == primary["scoreError"] else 0.0, primary["scoreUnit"])
        if "gc.alloc.rate.norm" in secondary:
            line += "  %.3f B/op" % statistics.median(flatten(secondary["gc.alloc.rate.norm"]["rawData"]))
        print(line)
        if "watchedNanos" in secondary:
            pairs = list(zip(flatten(secondary["unwatchedNanos"]["rawData"]),
                             flatten(secondary["watchedNanos"]["rawData"])))
            ratios = sorted(unwatched / watched for unwatched, watched in pairs)
            print("    per task: %.1f ns unwatched, %.1f ns watched; throughput ratio with/without: median %.4f "
                  "(min %.4f, max %.4f, %d pairs)"
                  % (statistics.median(u for u, _ in pairs) / TASKS_PER_LOOP,
                     statistics.median(w for _, w in pairs) / TASKS_PER_LOOP,
                     statistics.median(ratios), ratios[0], ratios[-1], len(ratios)))


if __name__ == "__main__":
    main(sys.argv[1])
