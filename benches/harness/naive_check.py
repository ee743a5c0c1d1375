"""The script a newsroom would write first, as the archive baseline.

    python3 naive_check.py FOLDER

For every `*.json` under FOLDER: parse it, read the source it names, split
it into paragraphs (non-blank lines), and test `quote in paragraph` for each
evidence quote (the pinned paragraph when there is one, else any).  No
normalization, no near matches, no report beyond a count: the least work
that still checks every claim.
"""

import json
import os
import sys


def main() -> int:
    found = missing = 0
    for folder, subfolders, files in os.walk(sys.argv[1]):
        subfolders.sort()
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                annotations = json.load(f)
            with open(os.path.join(folder, annotations["source"]), encoding="utf-8") as f:
                paragraphs = [line.rstrip() for line in f if line.strip()]
            for claim in annotations["claims"]:
                for evidence in claim["evidence"]:
                    quote = evidence["quote"]
                    pinned = evidence.get("paragraph")
                    if pinned:
                        ok = quote in paragraphs[int(pinned[1:]) - 1]
                    else:
                        ok = any(quote in p for p in paragraphs)
                    found += ok
                    missing += not ok
    print(f"{found} quotes found, {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
