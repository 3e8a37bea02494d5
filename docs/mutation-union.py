#!/usr/bin/env python3
"""Test strength per class over several PIT mutations.xml reports (one per module run).

A mutant counts as covered if any report covers it and as killed if any report kills it, so the
figure is that of all the modules' tests together. Usage:

    python3 docs/mutation-union.py transport-core/target/pit-reports/mutations.xml \\
        udp-lite/target/pit-reports/mutations.xml transport-tck/target/pit-reports/mutations.xml
    SURVIVORS=1 python3 docs/mutation-union.py ...   # also list the covered survivors
"""
import collections
import os
import sys
import xml.etree.ElementTree as ET

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def load(path):
    statuses = {}
    for m in ET.parse(path).getroot():
        key = tuple(m.findtext(f) for f in (
            "mutatedClass", "mutatedMethod", "methodDescription", "lineNumber", "mutator",
            "indexes/index", "description"))
        statuses[key] = m.get("status")
    return statuses


def main(paths):
    reports = [load(p) for p in paths]
    per_class = collections.defaultdict(lambda: [0, 0, 0])
    survivors = []
    for key in sorted(set().union(*reports)):
        seen = [r[key] for r in reports if key in r]
        killed = any(s in DETECTED for s in seen)
        covered = any(s != "NO_COVERAGE" for s in seen)
        counts = per_class[key[0].split("$")[0]]
        counts[0] += 1
        counts[1] += covered
        counts[2] += killed
        if covered and not killed:
            survivors.append(key)
    for cls, (total, covered, killed) in sorted(per_class.items()):
        strength = 100.0 * killed / covered if covered else 100.0
        print(f"{cls}: {total} mutants, {covered} covered, {killed} killed, "
              f"test strength {strength:.0f}%")
    if os.environ.get("SURVIVORS"):
        for cls, method, _, line, _, _, description in survivors:
            print(f"  survived: {cls.split('.')[-1]}.{method} line {line}: {description}")


if __name__ == "__main__":
    main(sys.argv[1:])
