"""`symtutor grade --dask`: grade_row mapped over a Dask cluster gives the local output.

CI installs the [dask] extra (.ci/run), so these run there; without the extra only the
"how to install it" test runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import make_class_file  # noqa: E402


def grade(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "symtutor", "grade", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300, env=env)


@pytest.fixture(scope="module")
def class_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "class.csv"
    make_class_file.write(path, problems=30, learners=6, seed=5)
    return path


def test_partitions_group_rows_by_problem_and_count_distinct_answers():
    from symtutor.answers.grading_dask import partitions

    rows = [{"problem": p, "answer": a} for p, a in
            [("x^2", "2x"), ("x^3", "3x^2"), ("x^2", "2x"), ("x^2", "x"), ("x^3", ""), ("", "1")]]
    parts, distinct = partitions(rows, size=2)
    # x^2's three rows in two partitions; the two error rows (no answer, no problem) together.
    assert sorted(map(sorted, parts)) == [[0, 2], [1], [3], [4, 5]]
    assert distinct == 3


def test_without_the_extra_dask_is_exit_2_with_how_to_install(tmp_path, class_file):
    # Hide dask and distributed even where they are installed: a None entry in
    # sys.modules makes their import fail.
    code = ("import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None; "
            "from symtutor.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "grade", str(class_file), "--dask", "local"],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "symtutor: --dask needs the dask extra: pip install 'symtutor[dask]'\n"


distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_output_bytes_equal_the_local_run(tmp_path, class_file):
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    done = grade(class_file, "--output", local, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    # A LocalCluster with worker processes, reached by its address like a real cluster.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        done = grade(class_file, "--output", remote, "--dask", cluster.scheduler_address)
    assert done.returncode == 0, done.stderr
    assert remote.read_bytes() == local.read_bytes()
    assert len(local.read_text().splitlines()) == 180


@pytest.mark.slow
def test_dask_local_option_and_report(tmp_path, class_file):
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert grade(class_file, "--output", local, "--jobs", "1", "--report", tmp_path / "a.md").returncode == 0
    done = grade(class_file, "--output", remote, "--dask", "local", "--jobs", "2",
                 "--report", tmp_path / "b.md")
    assert done.returncode == 0, done.stderr
    assert remote.read_bytes() == local.read_bytes()
    assert (tmp_path / "b.md").read_text() == (tmp_path / "a.md").read_text()


def test_unreachable_scheduler_is_exit_2(class_file, monkeypatch, capsys):
    from symtutor.answers import grading_dask

    from symtutor import cli

    # In-process, so that the shorter timeout applies (a subprocess would wait 20 s).
    monkeypatch.setattr(grading_dask, "CONNECT_TIMEOUT", 1)
    code = cli.main(["grade", str(class_file), "--dask", "tcp://127.0.0.1:9"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("symtutor: --dask tcp://127.0.0.1:9: cannot reach the scheduler")
    assert len(err.splitlines()) == 1
