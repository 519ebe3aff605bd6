"""Join dataset directories into one training set without copying a byte.

    python3 -m percepnet_train.merge_shards OUT_DIR SRC_DIR [SRC_DIR ...]

OUT_DIR gets a symbolic link to every shard of every source (prefixed s0-, s1-, ... so
equal shard names cannot collide) and a manifest.json listing them with their mixture
segments, so `train --data OUT_DIR` sees one set. Used to add freshly mixed hours to a
set that already exists (stage 5) and to join the time-boxed chunks that the GPU run
mixes (training/gpu/run_paper.sh). The sources must share the record format, split and licence; they may come
from different mixer revisions (a fine-tune that replays one revision beside another), and the merged manifest's
`generator` is then the list of them.
"""
import json
import os
import sys


# Sources that differ in these would make a set that lies about itself (a dev set inside a train set, or
# non-commercial files under a permissive manifest).
MUST_AGREE = ("version", "recordFloats", "featureCount", "bandCount", "split", "licence")


def _revisions(value) -> list:
    return value if isinstance(value, list) else [value]


def merge(out_dir: str, sources) -> dict:
    if not sources:
        raise ValueError("no source directories")
    os.makedirs(out_dir, exist_ok=True)
    merged, shards, hours = None, [], 0.0
    for index, source in enumerate(sources):
        with open(os.path.join(source, "manifest.json"), "r", encoding="utf-8") as f:
            manifest = json.load(f)
        header = {k: v for k, v in manifest.items() if k not in ("shards", "mixtures", "hours", "seed", "frames")}
        if merged is None:
            merged = header
        else:
            for key in MUST_AGREE:
                if header.get(key) != merged.get(key):
                    raise ValueError(f"{source}: {key} is {header.get(key)!r}, {sources[0]} has {merged.get(key)!r}")
            revisions = sorted(set(_revisions(merged.get("generator"))) | set(_revisions(header.get("generator"))))
            merged["generator"] = revisions[0] if len(revisions) == 1 else revisions
            for key, value in header.items():   # e.g. the licences and source files used: the union
                if isinstance(value, list) and isinstance(merged.get(key), list):
                    merged[key] = merged[key] + [v for v in value if v not in merged[key]]
        for shard in manifest["shards"]:
            name = f"s{index}-{shard['file']}"
            link = os.path.join(out_dir, name)
            target = os.path.abspath(os.path.join(source, shard["file"]))
            if os.path.lexists(link):
                if os.path.islink(link) and os.readlink(link) == target:
                    continue
                os.remove(link)   # left by an earlier merge into the same folder from other sources
            os.symlink(target, link)
            shards.append(dict(shard, file=name))
        hours += float(manifest.get("hours", 0))
    merged.update(shards=shards, hours=hours, frames=sum(int(s.get("frames", 0)) for s in shards), merged_from=[os.path.abspath(s) for s in sources])
    tmp = os.path.join(out_dir, "manifest.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(merged, f, indent=1)
    os.replace(tmp, os.path.join(out_dir, "manifest.json"))
    return merged


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    merged = merge(argv[0], argv[1:])
    print(f"{argv[0]}: {len(merged['shards'])} shards, {merged['hours']:.2f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
