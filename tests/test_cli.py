"""The command line as a user meets it: the main job, help, errors and exit codes, and a
wheel installed into a fresh environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kg.cli import main, make_parser
from kg.query import query_rows
from kg.store import load_file

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


def test_build_writes_the_graph_files_and_prints_the_owner_table(tmp_path, capsys):
    assert main(["build", "-o", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    for name in ("kg.trig", "kg.ttl", "guangzhou-sti-strong-city-action-plan-2019-2021.ann.json"):
        assert (tmp_path / name).stat().st_size > 0
    assert "7 actions, 16 tasks, 74 targets, 23 units, 2 warnings (above)" in out
    assert ("guangzhou-sti-strong-city-action-plan-2019-2021.txt:59:156: "
            "unit list has no closing parenthesis") in err
    assert "(16 rows)" in out
    assert "1.2   規劃布局建設重大科技基礎設施" in out
    assert "市發展改革委、市科技局、海珠區政府、黃埔區政府、南沙區政府" in out


def test_build_output_is_byte_identical_across_runs(tmp_path):
    for run in ("a", "b"):
        assert main(["build", "-q", "-o", str(tmp_path / run)]) == 0
    for name in ("kg.trig", "kg.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize("command", [None, *commands()])
def test_help_reads_well_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"] if command else ["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "example" in text and "policykg" in text


def test_readme_covers_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    for command in commands():
        assert f"policykg {command}" in readme, command


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the document"),
    (b"", "the document is empty"),
    (b"\x00\x01\x02binary\xff\xfe", "binary"),
])
def test_bad_documents_give_one_line_and_exit_1(tmp_path, capsys, content, message):
    path = tmp_path / "plan.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out" / "kg.trig").exists()


def test_a_bad_document_is_skipped_and_the_rest_is_built(tmp_path, seed_path, capsys):
    (tmp_path / "broken.txt").write_bytes(b"")
    code = main(["build", str(seed_path), str(tmp_path / "broken.txt"), "-q",
                 "-o", str(tmp_path / "out")])
    assert code == 1
    assert (tmp_path / "out" / "kg.trig").exists()
    assert "broken.txt: the document is empty" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["query", "--format", "yaml", "task-owners"])
    assert done.value.code == 2
    assert main([]) == 2


def test_unknown_query_and_bad_parameter_exit_1(seed_kg, capsys):
    assert main(["query", "no-such-query", "--kg", str(seed_kg)]) == 1
    assert main(["query", "unit-tasks", "--param", "unit=不存在局", "--kg", str(seed_kg)]) == 1
    err = capsys.readouterr().err
    assert "no named query 'no-such-query'" in err and "unknown unit '不存在局'" in err


def test_annotate_writes_a_reviewable_file(tmp_path, seed_path, capsys):
    target = tmp_path / "seed.ann.json"
    assert main(["annotate", str(seed_path), "-o", str(target), "--brat"]) == 0
    assert target.exists() and (tmp_path / "seed.ann").exists()
    assert main(["ingest", str(target), "-o", str(tmp_path / "kg.trig")]) == 0
    assert main(["query", "task-owners", "--kg", str(tmp_path / "kg.trig"),
                 "--format", "csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("action_no,action,task_no,task,unit_short,unit,rank,role,task_id,")
               for line in csv_lines)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                              ("gbk", b"")])
def test_annotate_brat_never_rewrites_the_document(tmp_path, seed_path, encoding, bom):
    """brat reads the document itself where it is UTF-8 without a BOM; otherwise a UTF-8
    copy beside it (.brat.txt, .brat.ann). The document's bytes stay as they were."""
    text = seed_path.read_text(encoding="utf-8")
    source = tmp_path / "plan.txt"
    source.write_bytes(bom + text.encode(encoding))
    before = source.read_bytes()
    assert main(["annotate", str(source), "--brat"]) == 0
    assert source.read_bytes() == before
    stem = "plan" if before == text.encode("utf-8") else "plan.brat"
    brat_text = (tmp_path / f"{stem}.txt").read_text(encoding="utf-8")
    assert brat_text == text
    assert (tmp_path / f"{stem}.ann").read_text(encoding="utf-8").startswith("T1\t")
    assert (tmp_path / "plan.brat.txt").exists() == (stem == "plan.brat")


def test_push_as_a_user_without_a_password_is_exit_1(seed_kg):
    """No terminal to ask on and no POLICYKG_STORE_PASSWORD: one line, exit 1."""
    env = {k: v for k, v in os.environ.items() if k != "POLICYKG_STORE_PASSWORD"}
    done = subprocess.run([sys.executable, "-m", "kg", "push", "--kg", str(seed_kg), "--store",
                           "http://127.0.0.1:9/store", "--user", "dba"], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 1
    assert "set POLICYKG_STORE_PASSWORD" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_wheel_runs_from_another_directory(tmp_path):
    """A non-editable install of the wheel finds its ontology, queries and seed. The
    wheel is built from a copy of the sources: setuptools builds in the folder it is
    given (build/, *.egg-info), and nothing here writes into the checkout."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".*", "build", "dist", "out", "docs", "*.egg-info", "__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(source)], check=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([python, "-c", purelib],
                          capture_output=True, text=True, check=True).stdout.strip()
    # dependencies come from this environment; the project itself only from the wheel
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", *wheels.glob("*.whl")], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([venv / "bin" / "policykg", "build", "-o", "result"], cwd=elsewhere,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "(16 rows)" in done.stdout
    assert (elsewhere / "result" / "kg.trig").exists()
    where = subprocess.run([python, "-c", "import kg; print(kg.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True).stdout
    assert str(ROOT) not in where


def test_python_api_returns_rows_as_dicts(seed_dataset, seed_kg):
    from kg.api import query
    from kg.store import load_file

    for source in (seed_dataset, load_file(seed_kg)):  # rdflib, and Oxigraph in memory
        rows = query(source, "unit-tasks", unit="南沙区政府")
        assert [(int(r["action_no"]), int(r["task_no"]), str(r["via"])) for r in rows] == [
            (1, 1, "各區政府"), (1, 2, "direct"), (1, 3, "direct"), (2, 2, "各區政府"),
            (4, 1, "各區政府"), (4, 2, "各區政府"), (6, 1, "direct")]
    count = seed_dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?t a pk:Task }")
    assert int(next(iter(count))[0]) == 16


def test_an_iri_parameter_cannot_carry_query_text():
    from kg.errors import InputError
    from kg.query import to_term

    with pytest.raises(InputError, match="not a valid IRI"):
        to_term("iri", "https://x> } UNION { ?s ?p ?o } #")


def test_outputs_are_ordinary_files_not_private_temp_files(tmp_path):
    import os

    assert main(["build", "-q", "-o", str(tmp_path)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "kg.trig").stat().st_mode & 0o777 == 0o666 & ~umask
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_the_script_exits_with_the_commands_code_and_all_its_output(seed_kg):
    """`python -m kg` (and the policykg script) leave without Python's teardown, once
    what they printed is flushed: the whole answer, the error line and its code, and
    nothing but silence for a reader who stopped reading."""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def script(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True,
                              text=True, timeout=120, check=False, env=buffered)

    whole = script("query", "task-owners", "--kg", str(seed_kg), "--format", "csv")
    assert whole.returncode == 0 and whole.stderr == ""
    assert whole.stdout.endswith("\n") and len(whole.stdout.splitlines()) == 1 + len(
        query_rows(load_file(seed_kg), "task-owners")[1])
    wrong = script("query", "no-such-question", "--kg", str(seed_kg))
    assert wrong.returncode == 1 and wrong.stdout == ""
    assert wrong.stderr.startswith("policykg: no named query 'no-such-question'")
    reader = subprocess.Popen([sys.executable, "-m", "kg", "query", "views/nodes", "--kg",
                               str(seed_kg), "--format", "csv"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=buffered)  # 0.5 MB: > a pipe
    reader.stdout.readline()
    reader.stdout.close()  # as `| head -1` does
    assert reader.wait(timeout=120) == 0 and b"Traceback" not in reader.stderr.read()


def test_the_python_api_writes_exactly_what_build_writes(tmp_path, seed_result):
    from kg.api import write_outputs
    from visualize import write_overview

    assert main(["build", "-q", "-o", str(tmp_path / "cli")]) == 0
    written = write_outputs(seed_result, tmp_path / "api", graph_page=write_overview)
    assert set(written) == {"trig", "ttl", "html"}
    names = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "api").iterdir())
    for name in names:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes()


def test_the_summary_reads_the_owner_table_the_page_process_asked(tmp_path):
    """The page's process asks the summary's question of the graph it loaded for the
    page; the answer is the one this process would get from its own copy."""
    from kg.outputs import start_page, write_outputs
    from kg.pipeline import build
    from visualize import write_overview

    result = build()
    page = start_page(write_overview, tmp_path, questions=("task-owners",))
    written = write_outputs(result, tmp_path, graph_page=page)
    assert written["html"] == tmp_path / "graph.html"
    asked = result.answers["task-owners"]
    assert asked == query_rows(load_file(written["trig"]), "task-owners")
    assert result.rows("task-owners") is asked and asked[1]


def test_outside_the_project_a_missing_graph_is_refused_not_built(tmp_path, monkeypatch,
                                                                   capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["query", "task-owners"]) == 1
    err = capsys.readouterr().err
    assert "out/kg.trig: no knowledge graph here; run `policykg build` first" in err
    assert not (tmp_path / "out").exists()


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    assert main(["build", "-q", "--no-validate", "-o", str(tmp_path)]) == 0
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


# --- the command line as an analyst meets it (issue 17) ----------------------------------

def test_tsv_is_a_plain_table_and_sparql_tsv_the_results_format(seed_kg, capsys):
    assert main(["query", "unit-roles", "--param", "unit=市財政局", "--format", "tsv",
                 "--kg", str(seed_kg)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "role\taction_no\ttask_no\ttask\trank\ttask_id\ttask_iri"
    assert lines[1].split("\t")[:6] == ["lead", "5", "2", "加快新技術新產品示范應用", "1", "5.2"]
    assert main(["query", "unit-roles", "--param", "unit=市財政局", "--format", "sparql-tsv",
                 "--kg", str(seed_kg)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("?role\t?action_no")
    assert '"5"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines[1]


def test_csv_with_a_byte_order_mark_for_excel(seed_kg, capsysbinary):
    assert main(["query", "document", "--format", "csv", "--bom", "--kg", str(seed_kg)]) == 0
    assert capsysbinary.readouterr().out.startswith("\ufeffidentifier,title,".encode())
    assert main(["query", "document", "--bom", "--kg", str(seed_kg)]) == 2


def test_defaults_are_shown_by_queries_and_help(capsys):
    assert main(["queries"]) == 0
    listed = capsys.readouterr().out
    assert "targets-due           year=2020, document, lang" in listed
    assert "shared-tasks          unit=市科技局, other_unit, document, lang" in listed
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    text = capsys.readouterr().out
    assert "targets-due            year=2020, lang" in text
    assert "oxigraph:DIR" in text and "sparql-tsv" in text and "--bom" in text


@pytest.mark.parametrize("args, message", [
    (["--param", "unit=市科技局", "--param", "unit=市教育局"],
     "policykg query: --param unit is given twice ('市科技局' and '市教育局'): give it once"),
    (["--param", "year=2020"],
     "policykg query: query 'unit-roles' takes no parameter year (it takes: unit, document, lang)"),
    (["--param", "unit"], "policykg query: --param takes K=V, not 'unit'"),
])
def test_unknown_repeated_or_malformed_parameters_exit_2(seed_kg, capsys, args, message):
    assert main(["query", "unit-roles", *args, "--kg", str(seed_kg)]) == 2
    assert capsys.readouterr().err == message + "\n"


def test_a_unit_that_is_not_there_names_the_nearest_and_exits_1(seed_kg, capsys):
    assert main(["query", "unit-tasks", "--param", "unit=黃埔區", "--kg", str(seed_kg)]) == 1
    assert capsys.readouterr().err == ("policykg: unknown unit '黃埔區': not a name in the "
                                       "reference data; nearest: 黃埔區政府 (unit), 黃埔區 "
                                       "(place)\n")


def test_q_is_quiet_and_query_text_is_e(seed_kg, capsys):
    assert main(["query", "-e", "ASK { ?t a pk:Task }", "--kg", str(seed_kg)]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", "-q", "SELECT ?t WHERE { ?t a pk:Task }", "--kg", str(seed_kg)]) == 2
    assert "that is SPARQL, not a query name: give query text with -e" in \
        capsys.readouterr().err
    assert main(["query", "unit-workload", "--lang", "en", "-q", "--kg", str(seed_kg)]) == 0
    assert capsys.readouterr().err == ""


def test_lang_en_says_what_stays_chinese(seed_kg, capsys):
    assert main(["query", "task-owners", "--param", "task=1.1", "--lang", "en",
                 "--kg", str(seed_kg)]) == 0
    out, err = capsys.readouterr()
    assert "Guangzhou Municipal Development and Reform Commission" in out
    assert "科學謀劃粵港澳大灣區" in out  # the heading, as the document writes it
    assert err.startswith("policykg: note: --lang en: units") and "stay" in err


def test_a_graph_built_without_reasoning_says_so(tmp_path, capsys):
    assert main(["build", "-q", "--no-reason", "--no-validate", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["query", "unit-tasks", "--param", "unit=南沙區政府",
                 "--kg", str(tmp_path / "kg.trig")]) == 0
    out, err = capsys.readouterr()
    assert "(3 rows)" in out
    assert "built without reasoning (--no-reason)" in err


def test_build_names_the_graph_to_ask(tmp_path, capsys, seed_path):
    assert main(["build", str(seed_path), "--no-validate", "-o", str(tmp_path / "dir")]) == 0
    out = capsys.readouterr().out
    assert f"--kg {tmp_path / 'dir' / 'kg.trig'} --param unit=市科技局" in out
    assert "1 document" not in out  # one document: its own line, with its counts
    assert main(["ingest", str(seed_path), "-o", str(tmp_path / "one.trig")]) == 0
    out = capsys.readouterr().out
    assert "(1 document, " in out and f"--kg {tmp_path / 'one.trig'}" in out


def test_version_and_help_of_every_option(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == "policykg 0.1.0"
    for command in commands():
        parser = make_parser()
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        for action in sub.choices[command]._actions:
            assert action.help, (command, action.dest)


@pytest.mark.parametrize("args", [["build", "-j", "0"], ["viz", "--view", "unit"]])
def test_usage_errors_exit_2_before_any_work(args, capsys):
    try:
        code = main(args)
    except SystemExit as done:
        code = done.code
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_one_row_is_one_row(seed_kg, capsys):
    assert main(["query", "unit-roles", "--param", "unit=市財政局", "--kg", str(seed_kg)]) == 0
    assert capsys.readouterr().out.endswith("(1 row)\n")
    assert main(["query", "document", "--kg", str(seed_kg)]) == 0
    out = capsys.readouterr().out  # a wide single row: one line per column
    assert "issued_quote       2019年9月29日\n" in out and out.endswith("(1 row)\n")


def test_a_plan_too_big_for_one_page_gets_no_page_and_a_short_table(tmp_path, monkeypatch,
                                                                     capsys):
    """A plan with thousands of tasks would make a page of tens of megabytes and a table
    of thousands of lines: the build says how to draw a part and to list the rest. (The
    limits are lowered here so that the seed's 16 tasks are "too many".)"""
    import kg.cli.summary
    import kg.outputs

    monkeypatch.setattr(kg.outputs, "PAGE_TASK_LIMIT", 15)
    monkeypatch.setattr(kg.cli.summary, "OWNER_ROWS_SHOWN", 5)
    assert main(["build", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert not (tmp_path / "graph.html").exists()
    assert "no graph page: 1 document with 16 tasks is more than one page shows well" in out
    assert "policykg viz --kg " in out and "--view unit" in out
    assert "(5 rows)" in out
    assert "… and 11 more tasks: policykg query task-owners --kg " in out


def test_a_plan_within_the_limits_gets_its_page_and_every_task(tmp_path, capsys):
    assert main(["build", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "graph.html").exists()
    assert "(16 rows)" in out and "more task" not in out and "no graph page" not in out
