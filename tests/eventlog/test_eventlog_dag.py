import dataclasses
import re

import pytest

from expreport.eventlog import DagInfo, parse_dag, parse_size

from .conftest import REAL

SECRET = "sk-live-THIS_IS_A_SECRET_KEY_42"
SECRET2 = "hf_ANOTHER_SECRET_TOKEN_0815"

DAG_TEXT = f"""\
# a comment line: JOB fake-node nothing.sub
#SUBMIT-DESCRIPTION annex_helper.sub {{
#    universe = local
#    request_cpus = 99
#}}
SUBMIT-DESCRIPTION ospool_pretrain.sub {{
	universe = container
	request_disk = 100GB
	request_memory = 80000
    retry_request_memory = 120000
	request_cpus = 4
	# request_gpus = 1
	# gpus_minimum_memory = 63000
    request_gpus = 1 + (GPUs_GlobalMemoryMB < 64000) ?: 0
	environment = "WANDB_API_KEY={SECRET} HOME=/tmp"
	if defined continue_from_checkpoint
	    request_cpus = 64
	endif
	arguments = pretrain.sh $(epoch) $(run_uuid)
	queue
}}
SUBMIT-DESCRIPTION expanse_pretrain.sub {{
	request_disk = 80GB
	request_memory = 64GB
	request_cpus = 8
	request_gpus = 4
	gpus_minimum_memory = 32000
	environment = "A=1 \\
	    TOKEN={SECRET2}"
	queue
}}
JOB run0-train_epoch0 ospool_pretrain.sub
JOB run0-train_epoch1 expanse_pretrain.sub
JOB run0-train_epoch2 external.sub DIR subdir
SERVICE annex_helper annex_helper.sub
VARS run0-train_epoch0 epoch="1" run_uuid="e68502e5" random_seed="22769" ResourceName="expanse"
VARS run0-train_epoch1 epoch="2" run_uuid="e68502e5" ResourceName="delta" note="say \\"hi\\""
VARS run0-train_epoch1 continue_from_checkpoint="true" environment="KEY={SECRET}"
VARS run0-train_epoch2 PREPEND epoch="3"
VARS ALL_NODES campaign="c1" WANDB_API_KEY="{SECRET}"
PARENT run0-train_epoch0 CHILD run0-train_epoch1
RETRY ALL_NODES 3
SCRIPT PRE run0-train_epoch1 pre_request_annex.sh expanse expanse_annex
"""

EXTERNAL_SUB = f"""\
request_cpus = 2
request_memory = 16 GB
request_disk = 20000000
environment = "SECRET={SECRET}"
queue
"""


@pytest.fixture
def dag(tmp_path) -> DagInfo:
    (tmp_path / "subdir").mkdir()
    (tmp_path / "subdir" / "external.sub").write_text(EXTERNAL_SUB)
    path = tmp_path / "my_campaign.dag"
    path.write_text(DAG_TEXT)
    return parse_dag(path)


def test_nodes_submit_descriptions_and_vars(dag):
    assert dag.name == "my_campaign"
    assert set(dag.nodes) == {"run0-train_epoch0", "run0-train_epoch1", "run0-train_epoch2",
                              "annex_helper"}
    n0 = dag.nodes["run0-train_epoch0"]
    assert (n0.dag, n0.submit) == ("my_campaign", "ospool_pretrain.sub")
    assert n0.vars == {"epoch": "1", "run_uuid": "e68502e5", "random_seed": "22769",
                       "ResourceName": "expanse", "campaign": "c1"}
    n1 = dag.nodes["run0-train_epoch1"]
    assert n1.vars["ResourceName"] == "delta"
    assert n1.vars["note"] == 'say "hi"'            # escaped quotes
    assert n1.vars["continue_from_checkpoint"] == "true"  # second VARS line merged
    assert dag.nodes["run0-train_epoch2"].vars["epoch"] == "3"  # PREPEND keyword skipped
    # the commented-out block and the comment are not nodes / descriptions
    assert "fake-node" not in dag.nodes
    assert dag.submit_for("annex_helper") is None


def test_requests_units_and_expressions(dag):
    osp = dag.submit_for("run0-train_epoch0")
    assert osp.request_cpus == 4                    # the `if` branch (64) is not taken
    assert osp.request_memory_mb == 80000           # bare number = MB
    assert osp.request_disk_kb == 100 * 1024 * 1024  # 100GB -> KB
    assert osp.request_gpus is None                 # expression: no number ...
    assert osp.request_gpus_raw == "1 + (GPUs_GlobalMemoryMB < 64000) ?: 0"  # ... raw kept
    assert osp.gpus_minimum_memory_mb is None       # only in a comment
    exp = dag.submit_for("run0-train_epoch1")
    assert (exp.request_cpus, exp.request_gpus, exp.gpus_minimum_memory_mb) == (8, 4, 32000)
    assert exp.request_memory_mb == 65536           # 64GB -> MB
    assert exp.request_disk_kb == 80 * 1024 * 1024


def test_external_submit_file_with_dir(dag):
    ext = dag.submit_for("run0-train_epoch2")
    assert (ext.request_cpus, ext.request_memory_mb, ext.request_disk_kb) == (2, 16384, 20000000)


def test_environment_never_kept(dag):
    everything = repr({k: v for k, v in dataclasses.asdict(dag).items() if k != "path"})
    for secret in (SECRET, SECRET2, "WANDB_API_KEY", "TOKEN="):
        assert secret not in everything
    assert "environment" not in everything.lower()


@pytest.mark.parametrize("text,unit,expected", [
    ("80000", "MB", 80000), ("64GB", "MB", 65536), ("64 gb", "MB", 65536), ("2T", "MB", 2097152),
    ("512M", "MB", 512), ("100GB", "KB", 104857600), ("1024", "KB", 1024), ("1.5G", "MB", 1536),
    ("1 + (GPUs_GlobalMemoryMB < 64000) ?: 0", "MB", None), ("$(mem)", "MB", None), (None, "MB", None),
])
def test_parse_size(text, unit, expected):
    assert parse_size(text, unit) == expected


real = pytest.mark.skipif(not REAL.exists(), reason="../shared/real is absent")


@real
@pytest.mark.parametrize("path", sorted(REAL.glob("*/*.dag")) if REAL.exists() else [],
                         ids=lambda p: p.name)
def test_real_dags(path):
    dag = parse_dag(path)
    text = path.read_text()
    jobs = re.findall(r"^JOB (\S+) (\S+)", text, re.M)
    assert len([n for n in dag.nodes if not n.startswith("annex")]) == len(jobs)
    for node, sub in jobs:
        assert dag.nodes[node].submit == sub
        sd = dag.submit_for(node)
        assert sd is not None and sd.request_cpus and sd.request_disk_kb
        v = dag.nodes[node].vars
        assert v["run_uuid"] and v["ResourceName"] and v["epoch"].isdigit()
    assert "environment" not in repr(dataclasses.asdict(dag)).lower()
