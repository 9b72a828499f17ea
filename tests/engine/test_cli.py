from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from byvekst.engine.generate import generate
from tests.engine.checker import check
from tests.engine.helpers import instance, project


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "byvekst.cli", *args], capture_output=True, text=True, check=False)


def write(tmp_path: Path, name: str, doc: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return str(path)


def test_optimise_writes_a_checked_result(tmp_path: Path) -> None:
    doc = generate(30, 4, seed=9)
    out = tmp_path / "result.json"
    r = run("optimise", write(tmp_path, "i.json", doc), "--time-limit", "20", "--gap", "0.001", "--out", str(out))
    assert r.returncode == 0, r.stderr
    result = json.loads(out.read_text())
    assert result["format"] == "byvekst.portfolio-result/1"
    check(doc, result)


def test_infeasible_instance_is_a_valid_answer(tmp_path: Path) -> None:
    doc = instance([project("A", [512], 1, status="mandatory")], 480)
    r = run("optimise", write(tmp_path, "i.json", doc))
    assert r.returncode == 0
    result = json.loads(r.stdout)
    assert result["status"] == "infeasible" and "short by 32.0" in result["explanation"][0]


def test_invalid_and_unreadable_files_exit_2_with_one_line(tmp_path: Path) -> None:
    doc = instance([project("A", [1], 1, funding={"bompenger": 0.9})], 10)
    r = run("optimise", write(tmp_path, "bad.json", doc))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == "byvekst optimise: error: projects[0].funding: shares sum to 0.9, must be 1"
    r = run("optimise", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    r = run("optimise", write(tmp_path, "broken.json", "{not json"))
    assert r.returncode == 2 and "not valid JSON" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_simulate_frontier_baseline_robust_and_fixed_frames(tmp_path: Path) -> None:
    doc = generate(20, 4, seed=2)
    path = write(tmp_path, "i.json", doc)
    sim = json.loads(run("simulate", path, "--draws", "2000", "--seed", "5").stdout)
    assert sim["seed"] == 5 and set(sim["exceed_probability"]) == set(doc["funding_sources"])
    front = json.loads(run("frontier", path, "--points", "3").stdout)
    assert [p["factor"] for p in front["points"]] == [0.5, 1.0, 1.5]
    base = json.loads(run("baseline", path).stdout)
    assert base["gain"] >= 0
    scores = {p["id"]: {"a": i % 3, "b": (i * 7) % 5} for i, p in enumerate(doc["projects"])}
    weights = write(
        tmp_path, "w.json", {"scores": scores, "intervals": {"a": [0.2, 0.8], "b": [0.2, 0.8]}, "samples": 3, "seed": 1}
    )
    rob = json.loads(run("robust", path, "--weights", weights).stdout)
    assert set(rob["core_index"]) == {p["id"] for p in doc["projects"]}
    frames = write(tmp_path, "f.json", {"Askøy kommune": 1000.0})
    fixed = json.loads(run("fixed-frames", path, "--frames", frames).stdout)
    assert fixed["loss"] >= -1e-6
