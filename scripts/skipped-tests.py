#!/usr/bin/env python3
"""Names the tests a `dotnet test` run skipped, grouped by their reason, from its TRX reports.

    scripts/skipped-tests.py RESULTS_DIR     prints the summary; exit status = the number of skipped tests (max 100)

test.sh prints it at the end of a run, so a skipped test is never lost in the log (xunit reports them at minimal
verbosity only as a count per project).
"""
import glob
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

by_reason = defaultdict(list)
for report in sorted(glob.glob(f"{sys.argv[1]}/*.trx")):
    for result in ET.parse(report).getroot().iter():
        if result.tag.endswith("}UnitTestResult") and result.get("outcome") == "NotExecuted":
            message = next((e.text for e in result.iter() if e.tag.endswith("}Message")), None)
            by_reason[(message or "no reason given").strip()].append(result.get("testName"))

count = sum(len(names) for names in by_reason.values())
if count == 0:
    print("== no tests skipped")
else:
    print(f"== {count} tests skipped")
    for reason, names in sorted(by_reason.items()):
        print(f"  {len(names)} skipped, {reason}:")
        for name in sorted(names):
            print(f"    {name}")
sys.exit(min(count, 100))
