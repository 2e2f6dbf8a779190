"""Hostile input through the command line: mutated network files. Every case
ends in success or a one-line error with a non-zero exit, never a crash
(a signal) or a hang."""

import random
import subprocess

from conftest import BENCH4, REPO

TOKENS = ["-1", "0", "1e309", "nan", "inf", '""', '"nan ms"', '"-5 ms"', "[", "]", "{", "}", "=", '"', "true",
          "[[population]]", "[[projection]]", "2147483647", "4294967296", '"20 Hz"', "#", '"nobody"', "0.5"]


def mutate(text, rng):
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    token = rng.choice(TOKENS)
    kind = rng.randrange(6)
    if kind == 0 and "=" in lines[index]:
        lines[index] = lines[index].split("=", 1)[0] + "= " + token
    elif kind == 1:
        del lines[index]
    elif kind == 2:
        lines.insert(index, lines[index])
    elif kind == 3 and lines[index]:
        data = bytearray(lines[index].encode())
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        lines[index] = data.decode("utf-8", "replace")
    elif kind == 4:
        lines.insert(index, token)
    else:
        joined = "\n".join(lines)
        return joined[: rng.randrange(len(joined) + 1)]
    return "\n".join(lines)


def check(result, case):
    assert result.returncode >= 0, f"{case}: killed by signal {-result.returncode}"
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"{case}: expected a one-line error, got {result.stderr!r}"


def test_mutated_network_files_through_the_cli(spinsim, tmp_path):
    rng = random.Random(7)
    example = BENCH4.read_text()
    outcomes = {"ok": 0, "error": 0}
    for case in range(250):
        text = example
        for _ in range(rng.randrange(1, 4)):
            text = mutate(text, rng)
        path = tmp_path / f"case{case}.toml"
        path.write_text(text)
        result = subprocess.run([spinsim.binary, "run", str(path), "--duration", "5", "--no-progress"],
                                cwd=REPO, capture_output=True, text=True, timeout=60)
        check(result, f"case {case}")
        outcomes["ok" if result.returncode == 0 else "error"] += 1
    print(f"fuzz (CLI): 250 mutated network files: {outcomes}")
    assert outcomes["error"] > 50 and outcomes["ok"] > 10


def test_mutated_cheese_csv_through_the_cli(spinsim, tmp_path):
    rng = random.Random(8)
    rows = (REPO / "datasets" / "cheese" / "benchmark.csv").read_text().splitlines()
    example = "\n".join(rows[:1] + rows[1:41:13]) + "\n"  # header and 4 samples: fast in debug builds
    outcomes = {"ok": 0, "error": 0}
    for case in range(40):
        path = tmp_path / f"case{case}.csv"
        path.write_text(mutate(example, rng))
        result = subprocess.run([spinsim.binary, "cheese", "classify", "--data", str(path)],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        check(result, f"cheese case {case}")
        outcomes["ok" if result.returncode == 0 else "error"] += 1
    print(f"fuzz (CLI): 40 mutated cheese CSV files: {outcomes}")
    assert outcomes["error"] > 5


def test_mutated_idx_headers_through_the_cli(spinsim, tmp_path):
    import gzip
    import shutil
    rng = random.Random(9)
    source = REPO / "datasets" / "mnist-small"
    labels = gzip.decompress((source / "t10k-labels-idx1-ubyte.gz").read_bytes())
    outcomes = {"ok": 0, "error": 0}
    for case in range(40):
        directory = tmp_path / f"mnist{case}"
        directory.mkdir()
        shutil.copy(source / "t10k-images-idx3-ubyte.gz", directory)
        data = bytearray(labels)
        for _ in range(rng.randrange(1, 3)):
            data[rng.randrange(8)] = rng.randrange(256)  # magic and item count
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        (directory / "t10k-labels-idx1-ubyte").write_bytes(bytes(data))
        result = subprocess.run([spinsim.binary, "eqspike", "evaluate", "--mnist", str(directory),
                                 "--model", str(REPO / "models" / "eqspike-784-500-10.h5")],
                                cwd=REPO, capture_output=True, text=True, timeout=300)
        check(result, f"IDX case {case}")
        if result.returncode != 0:
            assert "t10k-labels" in result.stderr or "t10k-images" in result.stderr, result.stderr
        outcomes["ok" if result.returncode == 0 else "error"] += 1
    print(f"fuzz (CLI): 40 IDX files with mutated headers: {outcomes}")
    assert outcomes["error"] > 20
