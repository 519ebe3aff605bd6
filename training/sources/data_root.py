"""The MANIFEST.tsv of an extra data root: shared/data's columns plus `band_edge_hz`, written atomically."""
import os
import sys

HEADER = ['file', 'kind', 'sample_rate', 'seconds', 'source_repo', 'source_path', 'licence', 'split', 'group',
          'band_edge_hz']


def write_manifest(root, rows, header=HEADER):
    manifest = os.path.join(root, 'MANIFEST.tsv')
    with open(manifest + '.tmp', 'w', encoding='utf-8') as f:
        f.write('\t'.join(header) + '\n')
        for row in rows:
            f.write('\t'.join(str(c) for c in row) + '\n')
    os.replace(manifest + '.tmp', manifest)
    print(f'wrote {len(rows)} rows to {manifest}', file=sys.stderr)
