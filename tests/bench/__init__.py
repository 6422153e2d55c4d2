"""`make bench`: how fast policy-kg is on one plan and on a thousand, against the obvious
baselines (issue 8). Each figure is a median of repeated runs, each comparison measured in
the same run; the table marks every figure against its target (✓/✗).

    python -m tests.bench [--quick] [--only seed,reason,queries,bigdoc,corpus,scope,html,cluster]
                          [--out DIR]

Areas, one module each: seed (whole process and stages), reason (ours against plain
owlrl), queries (named queries p50/p95), bigdoc (one document of 1, 20, 50 and 200 copies
of the seed: seconds, and seconds a copy), corpus (10/100/1,000 copies of the seed, in
memory and in the on-disk store), scope (a question about one plan, one agency or the
whole corpus in the store of 1,000, against the plan alone or the store's floor), html
(page size and settled layout in headless Chromium), cluster (100 copies of the seed, 20
with --quick, on a LocalCluster of 2 Dask workers against 2 local worker processes, and
their shards bulk-loaded into Virtuoso against Oxigraph). Results: a table on stdout and
out/bench/results.json.
"""
