#!/usr/bin/env python3
"""Prints each test ctest's last run skipped, and why (GoogleTest's GTEST_SKIP message, or a
script's own words), from build/<preset>/Testing/Temporary/LastTest.log.

usage: scripts/skipped.py [BUILD_DIR]     (default: build/ci)
"""
import os
import re
import sys

build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "ci")
log = os.path.join(build, "Testing", "Temporary", "LastTest.log")
if not os.path.exists(log):
    sys.exit(0)
with open(log, encoding="utf-8", errors="replace") as f:
    text = f.read()
skipped = []
for block in re.split(r"\n-{58}\n\n", text):
    name = re.search(r"^\d+/\d+ Test: (.+)$", block, re.M)
    out = re.search(r"\nOutput:\n-{58}\n(.*?)<end of output>", block, re.S)
    if not name or not out or "[  SKIPPED ]" not in out.group(1):
        continue
    lines = out.group(1).splitlines()
    why = []
    inside = False
    for line in lines:
        if line.startswith("[ RUN      ]"):
            inside = True
        elif line.startswith("[  SKIPPED ]"):
            break
        elif inside and line.strip() and not line.endswith(": Skipped"):
            why.append(line.strip())
    skipped.append((name.group(1), " ".join(why) or "(no reason given)"))
if skipped:
    print(f"\n{len(skipped)} test(s) skipped:")
    for name, why in skipped:
        print(f"  {name}: {why}")
