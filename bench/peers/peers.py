#!/usr/bin/python3
"""The peers of `bin/engine bench peers`: hnswlib, Faiss HNSW and Faiss IVF-PQ on the vectors the
engine exported, on one thread each, printing one JSON object a line on stdout.

Run by the Java harness (bench/src/main/java/io/faceengine/bench/peers/PythonPeers.java), with
Debian's interpreter (/usr/bin/python3), where `apt-get install -y python3-hnswlib python3-faiss`
puts the libraries (hnswlib 0.6.2, Faiss 1.7.3 on Debian 12).

Input files (written by the harness, VectorFile.java): little-endian int32 count n, int32 dimension
d, then n * d float32, row after row. Rows are numbered from 0; the peers answer with row numbers.

Lines printed, each a JSON object with an "event":
  versions  python, numpy, hnswlib, faiss versions (null when a library cannot be imported), for a
            missing one the import error, and the Debian packages' versions
  skipped   a system that cannot run (its library is missing), with the reason
  build     a system's index: parameters, build seconds on one thread, its serialized bytes
  search    one search breadth of one system: per-query latencies (ms, one thread, each around one
            single-probe call), the wall time of the measured loop, and each probe's k row numbers
  done      the end
`--check` prints the versions line only.
"""
import argparse
import json
import os
import sys
import tempfile
import time

# One thread everywhere, before numpy or Faiss start their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

INSTALL = "apt-get install -y python3-hnswlib python3-faiss"
SYSTEMS = ("hnswlib", "faiss-hnsw", "faiss-ivfpq")


def emit(event, **fields):
    fields = {"event": event, **fields}
    sys.stdout.write(json.dumps(fields, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def versions():
    found = {"python": sys.version.split()[0], "executable": sys.executable}
    errors = {}
    for name in ("numpy", "hnswlib", "faiss"):
        try:
            module = __import__(name)
            found[name] = getattr(module, "__version__", None) or _distribution_version(name) or "unknown"
        except Exception as e:  # ImportError, or a broken native library
            found[name] = None
            errors[name] = "%s: %s" % (type(e).__name__, e)
    return found, errors


def debian_packages():
    """The Debian packages' versions (dpkg-query), or {} where there is no dpkg."""
    import subprocess
    found = {}
    for package in ("python3-hnswlib", "python3-faiss"):
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True,
                                 timeout=10)
            if out.returncode == 0 and out.stdout:
                found[package] = out.stdout
        except (OSError, subprocess.SubprocessError):
            pass
    return found


def _distribution_version(name):
    try:
        from importlib import metadata
        return metadata.version(name)
    except Exception:
        return None


def read_vectors(path):
    import numpy as np
    header = np.fromfile(path, dtype="<i4", count=2)
    if header.size != 2:
        raise ValueError("%s: no header (int32 count, int32 dimension)" % path)
    n, d = int(header[0]), int(header[1])
    data = np.fromfile(path, dtype="<f4", count=n * d, offset=8)
    if data.size != n * d:
        raise ValueError("%s: the header says %d x %d floats, the file holds %d" % (path, n, d, data.size))
    return np.ascontiguousarray(data.reshape(n, d), dtype=np.float32)


def file_bytes(write):
    """The size of the file `write(path)` makes: an index serialized as its library stores it."""
    fd, path = tempfile.mkstemp(suffix=".index")
    os.close(fd)
    try:
        write(path)
        return os.path.getsize(path)
    finally:
        os.remove(path)


def measure(system, setting, breadth, search, probes, k, warmup):
    """The warm-up probes, then every probe on its own, timed one by one on this thread."""
    import numpy as np
    for i in range(len(warmup)):
        search(warmup[i:i + 1])
    latency = []
    neighbours = []
    start = time.perf_counter()
    for i in range(len(probes)):
        t = time.perf_counter_ns()
        rows = search(probes[i:i + 1])
        latency.append((time.perf_counter_ns() - t) / 1e6)
        neighbours.append([int(r) for r in np.asarray(rows).reshape(-1)[:k]])
    wall = time.perf_counter() - start
    emit("search", system=system, setting=setting, breadth=breadth, wall_seconds=wall,
         latency_ms=[round(x, 4) for x in latency], neighbours=neighbours)


def run_hnswlib(vectors, probes, args):
    import hnswlib
    import numpy as np
    n, d = vectors.shape
    index = hnswlib.Index(space="ip", dim=d)
    start = time.perf_counter()
    index.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m, random_seed=100)
    index.set_num_threads(1)
    index.add_items(vectors, np.arange(n), num_threads=1)
    seconds = time.perf_counter() - start
    emit("build", system="hnswlib", params="M=%d efConstruction=%d space=ip" % (args.m, args.ef_construction),
         seconds=seconds, threads=1, vectors=n, index_bytes=file_bytes(index.save_index))
    for ef in args.ef:
        index.set_ef(max(ef, args.k))
        measure("hnswlib", "ef=%d" % ef, ef, lambda q: index.knn_query(q, k=args.k, num_threads=1)[0],
                probes, args.k, args.warmup)


def run_faiss_hnsw(vectors, probes, args):
    import faiss
    n, d = vectors.shape
    faiss.omp_set_num_threads(1)
    index = faiss.IndexHNSWFlat(d, args.m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = args.ef_construction
    start = time.perf_counter()
    index.add(vectors)
    seconds = time.perf_counter() - start
    emit("build", system="faiss-hnsw", params="IndexHNSWFlat M=%d efConstruction=%d inner product"
         % (args.m, args.ef_construction), seconds=seconds, threads=1, vectors=n,
         index_bytes=file_bytes(lambda p: faiss.write_index(index, p)))
    for ef in args.ef:
        index.hnsw.efSearch = max(ef, args.k)
        measure("faiss-hnsw", "efSearch=%d" % ef, ef, lambda q: index.search(q, args.k)[1], probes, args.k,
                args.warmup)


def run_faiss_ivfpq(vectors, probes, args):
    import faiss
    import numpy as np
    n, d = vectors.shape
    faiss.omp_set_num_threads(1)
    # One setting: about sqrt(n) lists, codes of d/4 bytes (4 dimensions a byte), 8 bits each. Few
    # lists keep the k-means cheap: Debian's Faiss calls the reference BLAS unless an optimised one
    # (libopenblas0) is installed, and 4 sqrt(n) lists took over 10 minutes to train at 200,000.
    nlist = max(1, min(n // 39, int(round(n ** 0.5))))
    subquantizers = next(s for s in (d // 4, d // 2, d, 1) if s >= 1 and d % s == 0)
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFPQ(quantizer, d, nlist, subquantizers, 8, faiss.METRIC_INNER_PRODUCT)
    # Training sample: 40 points a list is what Faiss's k-means asks for at least; the sample is seeded.
    sample = vectors[np.random.default_rng(1).permutation(n)[:min(n, 40 * nlist)]]
    start = time.perf_counter()
    index.train(sample)
    index.add(vectors)
    seconds = time.perf_counter() - start
    emit("build", system="faiss-ivfpq", params="IndexIVFPQ nlist=%d m=%d nbits=8 inner product, trained on %d"
         % (nlist, subquantizers, len(sample)), seconds=seconds, threads=1, vectors=n,
         index_bytes=file_bytes(lambda p: faiss.write_index(index, p)))
    for nprobe in args.nprobe:
        index.nprobe = min(nprobe, nlist)
        measure("faiss-ivfpq", "nprobe=%d" % nprobe, nprobe, lambda q: index.search(q, args.k)[1], probes, args.k,
                args.warmup)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="print the versions line and exit")
    parser.add_argument("--vectors", help="the gallery's vectors")
    parser.add_argument("--probes", help="the probes")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=100)
    parser.add_argument("--ef", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100])
    parser.add_argument("--nprobe", type=lambda s: [int(x) for x in s.split(",")], default=[1, 16])
    parser.add_argument("--warmup-probes", help="probes searched before each measurement (default: none)")
    parser.add_argument("--systems", type=lambda s: s.split(","), default=list(SYSTEMS))
    args = parser.parse_args()
    found, errors = versions()
    emit("versions", errors=errors, install=INSTALL, debian=debian_packages(), **found)
    if args.check:
        return 0
    if not args.vectors or not args.probes:
        parser.error("--vectors and --probes are required")
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown:
        parser.error("unknown systems %s; known: %s" % (unknown, ", ".join(SYSTEMS)))
    if found["numpy"] is None:
        for system in args.systems:
            emit("skipped", system=system, reason="numpy: " + errors["numpy"], install=INSTALL)
        emit("done")
        return 0
    vectors = read_vectors(args.vectors)
    probes = read_vectors(args.probes)
    args.warmup = read_vectors(args.warmup_probes) if args.warmup_probes else probes[:0]
    for name, x in (("probes", probes), ("warm-up probes", args.warmup)):
        if x.shape[1] != vectors.shape[1]:
            raise ValueError("%s have dimension %d, the vectors %d" % (name, x.shape[1], vectors.shape[1]))
    runners = {"hnswlib": ("hnswlib", run_hnswlib), "faiss-hnsw": ("faiss", run_faiss_hnsw),
               "faiss-ivfpq": ("faiss", run_faiss_ivfpq)}
    for system in args.systems:
        library, run = runners[system]
        if found[library] is None:
            emit("skipped", system=system, reason="%s: %s" % (library, errors[library]), install=INSTALL)
            continue
        run(vectors, probes, args)
    emit("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
