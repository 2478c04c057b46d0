"""Seeded synthetic ``job_summary.csv`` campaigns (v6 header), from a few rows to 10 million.

The committed example data is a regeneration with EXAMPLE_ATTEMPTS / EXAMPLE_SEED / EXAMPLE_START:

    python -m expreport.synth --attempts 3000 --seed 42 --out data/example/job_summary.csv

Benchmark files (write them outside the project): ``--attempts 10000000 --out /tmp/big.csv``.

The same (attempts, seed, start) gives byte-identical output. Numpy only, vectorised per chunk of
~CHUNK_ROWS rows (memory stays bounded); two passes, so Cluster IDs increase with submit time.

Shape of a campaign: runs ``run0..runK`` of 30 epochs (nodes ``runK-train_epochE``), grouped 15 per
DAG (``ospool_pretraining`` / ``global_pretraining`` then ``campaign_0001`` ...); a node's
attempts come in HTCondor clusters (evicted / released / checkpointed attempts are re-run in the
same cluster, anything else ends the cluster and DAGMan submits a new one); every epoch ends with
one completed attempt (~3% twice, and a few runs stop on an epoch that never completed). Rare
service nodes ``annex_helper`` and ``runK-eval``. ~20% of runs move to a second DAG
(``bigger_global_pretraining`` / ``campaign_NNNN_retry``, new Run UUID): the old DAG's removal
aborts one attempt, so that node name exists in both DAGs.

Quirks of the real generator reproduced on purpose (see csv-format.md, "Known quirks"): rows
sorted by Job Name; ~30% of aborted attempts were evicted/held earlier and removed days later
(End Time = removal time, inflated durations); bytes only on terminated rows and cumulative over
the cluster's executions (multiplied by Attempt Sequence); Epochs Completed = 1 on every row.
The status mix (~43% completed) with one completion per epoch means ~2.3 attempts per epoch, so
there are about attempts / 70 runs (3000 attempts -> 42 runs).
"""
from __future__ import annotations

import argparse
import json
import time
from functools import lru_cache
from typing import Any

import numpy as np

EXAMPLE_ATTEMPTS = 3000
EXAMPLE_SEED = 42
EXAMPLE_START = "2026-03-02T08:00:00"
EXAMPLE_PATH = "data/example/job_summary.csv"
CHUNK_ROWS = 100_000
SPAN_DAYS = 55  # runs squeeze their waits to end within this many days of the start

HEADER = (
    "Job Name,DAG Source,Run UUID,HTCondor Cluster ID,Attempt Sequence,Final Status,Targeted Resource,"
    "GLIDEIN Resource Name,Submit Time,Start Time,End Time,Execution Duration (seconds),"
    "Execution Duration (human),Total Duration (seconds),Total Duration (human),Total Bytes Sent,"
    "Total Bytes Received,Number of GPUs,GPU Device Name,GPU Memory MB,GPU Capability,"
    "GPU Driver Version,GPU ECC Enabled,GPU UUID,GPU ID,GPU PCI Bus ID,GPU Usage,GPU Memory Usage MB,"
    "CPU Usage,Peak Memory Usage MB,Disk Usage KB,Held Time,Released Time,Evicted Time,Aborted Time,"
    "Transfer Input Start Time,Transfer Input End Time,Transfer Input Duration (seconds),"
    "Transfer Input Duration (human),Epochs Completed"
)
COLUMNS = HEADER.split(",")

STATUS = np.array([b"completed", b"failed", b"evicted", b"aborted", b"released", b"RESCUED",
                   b"checkpointed", b"held", b""])
COMPLETED, FAILED, EVICTED, ABORTED, RELEASED, RESCUED, CHECKPOINTED, HELD, BLANK = range(9)
STATUS_SHARE = np.array([.432, .206, .148, .138, .039, .019, .009, .005, .004])
P_NOT_COMPLETED = STATUS_SHARE[1:] / STATUS_SHARE[1:].sum()  # status of non-final attempts
# lognormal run time (start -> end / eviction / hold), median seconds and sigma, per status
RUN_MED = np.array([10.6, 8 / 60, 5.5, 2.5, 3, 6, 8, 4, 5]) * 3600
RUN_SIG = np.array([.25, .6, 1.0, 1.2, 1.0, .8, .3, 1.0, 1.0])
TERMINATED = (COMPLETED, FAILED, CHECKPOINTED)

RESOURCE = np.array([b"ospool", b"expanse", b"aws", b"bridges2", b"delta", b"anvil", b"CHTC", b""])
RES_SHARE = np.array([.639, .15, .14, .03, .03, .005, .003, .003])  # checkpoint moves add ~.15% to each
RES_NGPU = np.array([1, 4, 2, 4, 4, 4, 1, 1])  # ospool and CHTC: 1 or 2
RES_TI = np.array([1.5, .6, .9, 1., 1., 1., .8, 1.])  # input transfer slowness
DEVICES = [("NVIDIA A100-SXM4-80GB", 81920, "8.0"), ("NVIDIA H200", 143771, "9.0"),
           ("NVIDIA H100 80GB HBM3", 81559, "9.0"), ("NVIDIA A40", 46068, "8.6"),
           ("Tesla V100-SXM2-32GB", 32768, "7.0"), ("NVIDIA L40S", 46068, "8.9"),
           ("NVIDIA A100-SXM4-40GB", 40960, "8.0")]
DEV_NAME, DEV_MB, DEV_CAP = (np.array(c) for c in zip(*[(d.encode(), mb, cap.encode()) for d, mb, cap in DEVICES]))
# per resource: GPU pool size, device weights, CUDA driver versions
RES_POOL: list[tuple[int, dict[int, float], tuple[str, ...]]] = [(3000, {0: .35, 1: .10, 2: .15, 3: .40}, ("12.4", "12.6", "12.8", "13.0", "13.1", "13.2")),
            (400, {4: 1}, ("12.2",)), (300, {5: 1}, ("12.8",)), (64, {4: 1}, ("12.6",)),
            (200, {6: .5, 3: .5}, ("12.8",)), (64, {6: 1}, ("12.4",)), (40, {0: 1}, ("13.0",)),
            (40, {3: 1}, ("12.6",))]
SITES = np.array([b"CHTC-Spark-CE1", b"UIUC-TGI-RAILS-CE1", b"SDSC-PRP-CE1", b"Purdue-Anvil-CE1",
                  b"UCSD-CMS-GPU", b"NotreDame-CRC-CE1"])
SITE_W = [.3, .2, .15, .1, .15, .1]
BUSES = ["0000:01:00.0", "0000:07:00.0", "0000:21:00.0", "0000:41:00.0", "0000:46:00.0",
         "0000:81:00.0", "0000:86:00.0", "0000:A1:00.0", "0000:C1:00.0", "0000:C7:00.0"]
EPOCHS, RUNS_PER_DAG, NA = 30, 15, -1
# rank of "runK-train_epochE" among the node names of run K ("runK-eval" sorts first)
EPOCH_RANK = 1 + np.argsort(np.argsort([str(e) for e in range(EPOCHS)]))
_C2 = np.array([b":%02d" % i for i in range(60)])
_F2 = np.array([(b".%02d" % i).rstrip(b"0") if i else b".0" for i in range(100)])
_HEXD = np.frombuffer(b"0123456789abcdef", np.uint8)


def _lognorm(rng, med, sig, n=None):
    med = np.asarray(med, float)
    return med * np.exp(sig * rng.standard_normal(n if med.ndim == 0 else med.shape))


def _hex(v, width: int):
    """uint64 -> lowercase hex of the low 4*width bits, as an S array."""
    shifts = np.arange(4 * (width - 1), -1, -4, dtype=np.uint64)
    m = _HEXD[((v.astype(np.uint64)[:, None] >> shifts) & np.uint64(15)).astype(np.intp)]
    return np.ascontiguousarray(m).view(f"S{width}").ravel()


def _mix(x):
    """splitmix64 finaliser: a stable hash of uint64 keys (UUIDs independent of chunking)."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _int(v, ok=None):
    v = np.asarray(v, np.int64)
    v = v if ok is None else np.where(ok, v, 0)
    w = max(len(str(int(v.max()))), len(str(int(v.min())))) if v.size else 1
    s = v.astype(f"S{w}")
    return s if ok is None else np.where(ok, s, b"")


def _f2(x, ok):
    """Python-repr-like text of round(x, 2): 0.9, 2.0, 0.05."""
    c = np.rint(np.where(ok, x, 0) * 100).astype(np.int64)
    return np.where(ok, np.strings.add(_int(c // 100), _F2[c % 100]), b"")


def _ts(sec):
    return np.where(sec >= 0, sec.astype("datetime64[s]").astype("S19"), b"")


def _td(sec, ok):
    """str(datetime.timedelta(seconds=sec)), quoted when it holds a comma."""
    sec = np.where(ok, sec, 0)
    d, r = np.divmod(sec, 86400)
    hms = np.strings.add(np.strings.add(_int(r // 3600), _C2[r % 3600 // 60]), _C2[r % 60])
    if (d > 0).any():
        pre = np.strings.add(np.strings.add(b'"', _int(d)), np.where(d == 1, b" day, ", b" days, "))
        hms = np.where(d > 0, np.strings.add(np.strings.add(pre, hms), b'"'), hms)
    return np.where(ok, hms, b"")


def _dag_name(i: int) -> bytes:
    if i < 3:
        return (b"ospool_pretraining", b"global_pretraining", b"bigger_global_pretraining")[i]
    return b"campaign_%04d%s" % ((i - 3) // 2 + 1, b"_retry" if (i - 3) % 2 else b"")


@lru_cache(maxsize=8)
def _gpu_pool(seed: int):
    """A fixed set of physical GPUs per resource (device, site, driver, ECC, UUID, bus)."""
    rng = np.random.default_rng([seed, 9])
    dev, site, drv, ecc, off = [], [], [], [], [0]
    for size, weights, drivers in RES_POOL:
        d = rng.choice(list(weights), size=size, p=list(weights.values()))
        dev.append(d)
        site.append(rng.choice(len(SITES), size=size, p=SITE_W))
        drv.append(np.array([x.encode() for x in drivers])[rng.integers(0, len(drivers), size)])
        e = np.where(d == 3, rng.random(size) < .5, d != 5)  # A40 either way, L40S off
        ecc.append(np.where(e, b"True", b"False"))
        off.append(off[-1] + size)
    n = off[-1]
    u = rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
    hx = np.hstack([_hex(u[:, j], 16).view(np.uint8).reshape(n, 16) for j in (0, 1)])
    uuid = np.insert(hx, [8, 12, 16, 20], ord("-"), axis=1).view("S36").ravel()  # 8-4-4-4-12
    return dict(dev=np.concatenate(dev), site=np.concatenate(site), drv=np.concatenate(drv),
                ecc=np.concatenate(ecc), uuid=uuid, gid=np.strings.add(b"GPU-", hx[:, :8].copy().view("S8").ravel()),
                bus=np.array([b.encode() for b in BUSES])[rng.integers(0, len(BUSES), n)],
                off=np.array(off[:-1]), size=np.array([p[0] for p in RES_POOL]))


def _plan(n: int, seed: int, t0: int) -> dict:
    """Campaign-level choices: runs, epochs, DAGs, start times, attempts per node, chunks."""
    rng = np.random.default_rng([seed, 0])
    train = int(round(0.42 * n))
    runs = max(1, int(round(train / (EPOCHS - .2))))
    ep = np.full(runs, EPOCHS) if train >= EPOCHS else np.array([max(1, min(train, n))])
    unc = np.zeros(runs, bool)  # the run stops on an epoch that never completed
    if runs >= 4:
        unc = rng.random(runs) < .06
        ep[unc] = rng.integers(15, EPOCHS + 1, unc.sum())
    big = n >= 1000
    ev = (rng.random(runs) < .3) & ~unc & big
    mig = np.where((rng.random(runs) < .2) & (ep >= 6) & big, rng.integers(2, np.maximum(ep - 2, 3)), -1)
    r = np.arange(runs)
    grp = r // RUNS_PER_DAG
    dag0 = np.where(grp == 0, (r % RUNS_PER_DAG >= 10).astype(int), 1 + 2 * grp)
    dag1 = np.where(grp == 0, 2, dag0 + 1)
    ngrp = int(grp[-1]) + 1
    goff = np.r_[0, rng.uniform(0, 10 * 86400, ngrp - 1)].astype(np.int64)
    start = t0 + goff[grp] + np.where(dag0 == 1, 86400 + 3 * 3600, 0) + r % RUNS_PER_DAG
    annex_dag = np.where(np.arange(ngrp) == 0, 1, 1 + 2 * np.arange(ngrp)) if big else np.zeros(0, int)
    order = np.argsort(np.strings.add(b"run", r.astype("S")), kind="stable")
    noff = np.r_[0, np.cumsum(ep[order])]
    extra = n - int(noff[-1]) - int(ev.sum()) - len(annex_dag)
    w = rng.gamma(.8, size=int(noff[-1]))
    counts = 1 + rng.multinomial(extra, w / w.sum())
    rows = np.add.reduceat(counts, noff[:-1]) + ev[order]
    cut = np.searchsorted(np.cumsum(rows), np.arange(CHUNK_ROWS, rows.sum(), CHUNK_ROWS), "right")
    bounds = np.unique(np.r_[0, cut, runs])
    return dict(ep=ep, unc=unc, ev=ev, mig=mig, dag0=dag0, dag1=dag1, start=start, order=order,
                noff=noff, counts=counts, bounds=bounds, annex_dag=annex_dag, deadline=t0 + SPAN_DAYS * 86400,
                annex_start=t0 + goff[:len(annex_dag)] + 3600)


def _chunks(P):
    """Node tables: the annex_helper nodes first (they sort first), then runs in name order."""
    if len(P["annex_dag"]):
        a = len(P["annex_dag"])
        z = np.zeros(a, int)
        yield dict(chain=np.arange(a), start=P["annex_start"], kind=z + 2, epoch=z, k=z + 1,
                   unc=z.astype(bool), mig=z.astype(bool), after=z.astype(bool), run=z - 1,
                   dag0=P["annex_dag"], dag1=P["annex_dag"], key=np.arange(a), deadline=P["deadline"])
    for a, b in zip(P["bounds"][:-1], P["bounds"][1:]):
        runs = P["order"][a:b]
        ep, ev = P["ep"][runs], P["ev"][runs]
        per = ep + ev
        chain = np.repeat(np.arange(len(runs)), per)
        idx = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
        kind = (idx >= ep[chain]).astype(np.int64)
        k = np.ones(len(idx), np.int64)
        k[kind == 0] = P["counts"][P["noff"][a]:P["noff"][b]]
        m = P["mig"][runs][chain]
        yield dict(chain=chain, start=P["start"][runs], kind=kind, epoch=idx, k=k,
                   unc=P["unc"][runs][chain] & (idx == ep[chain] - 1),
                   mig=(m >= 0) & (idx == m), after=(m >= 0) & (idx > m), run=runs[chain],
                   dag0=P["dag0"][runs][chain], dag1=P["dag1"][runs][chain], deadline=P["deadline"],
                   key=chain * 64 + np.where(kind == 1, 0, EPOCH_RANK[np.minimum(idx, EPOCHS - 1)]))


def _timeline(nd, rng) -> dict:
    """Statuses, clusters, resources and times of every attempt, chronological per chain."""
    k = nd["k"]
    nn = len(k)
    node = np.repeat(np.arange(nn), k)
    na = len(node)
    first = np.cumsum(k) - k
    pos = np.arange(na) - first[node]
    kind = nd["kind"][node]
    st = rng.choice(np.arange(1, 9), size=na, p=P_NOT_COMPLETED)
    last = pos == k[node] - 1
    st[last] = np.where(nd["unc"][node[last]], FAILED, COMPLETED)
    dbl = (k >= 2) & (nd["kind"] == 0) & (rng.random(nn) < .05)  # ~3% of epochs completed twice
    st[first[dbl] + (rng.random(dbl.sum()) * (k[dbl] - 1)).astype(np.int64)] = COMPLETED
    st[kind == 1], st[kind == 2] = COMPLETED, ABORTED
    # DAG migration: removing the old DAG aborts attempt `split`; later attempts are in the new DAG
    split = np.full(nn, 1 << 40)
    mig = nd["mig"] & (k >= 2)
    split[mig] = (rng.random(mig.sum()) * (k[mig] - 1)).astype(np.int64)
    split[nd["mig"] & (k < 2)] = -1
    st[first[mig] + split[mig]] = ABORTED
    seg = nd["after"][node] | (pos > split[node])
    quirk = (((st == ABORTED) & (rng.random(na) < .3)) | (pos == split[node])) & (kind != 2)
    prev = np.r_[BLANK, st[:-1]]
    cont = (pos > 0) & ((np.isin(prev, (EVICTED, RELEASED, CHECKPOINTED)) & (st != RESCUED))
                        | ((prev == RESCUED) & (st == RESCUED)))
    new = ~cont
    cl = np.cumsum(new) - 1
    clf = np.flatnonzero(new)
    seq = np.arange(na) - clf[cl] + 1
    res = rng.choice(len(RESOURCE), size=len(clf), p=RES_SHARE)[cl]
    moved = cont & (prev == CHECKPOINTED)  # resumed from the checkpoint on another resource
    h = np.where(moved, rng.integers(1, 7, na), 0)
    c = np.cumsum(h)
    shift = c - (c - h)[clf][cl]  # moves so far in the cluster: the job stays where it resumed
    res = np.where(shift > 0, (res + shift) % 7, res)
    x = _lognorm(rng, RUN_MED[st], RUN_SIG[st])
    x[kind == 1] = _lognorm(rng, 1200, .5, (kind == 1).sum())
    x[kind == 2] = _lognorm(rng, 20 * 3600, .6, (kind == 2).sum())
    x = np.clip(x, 30, 40 * 3600).astype(np.int64)  # jobs are held at the 40-hour runtime limit
    tail = np.zeros(na)  # time after the run part before anything else happens
    tail[quirk] = np.clip(_lognorm(rng, 1.5 * 86400, .9, quirk.sum()), 3 * 3600, 30 * 86400)
    for s, med in ((HELD, 6 * 3600), (RELEASED, 3600), (BLANK, 3600)):
        tail[st == s] = _lognorm(rng, med, 1.0, (st == s).sum())
    tail = tail.astype(np.int64)
    gap = rng.integers(5, 13, na) * new
    redag = pos == split[node] + 1  # the new DAG is submitted a day or so after the removal
    gap[redag] += _lognorm(rng, 86400, .8, redag.sum()).astype(np.int64)
    wait = np.where(new, np.minimum(_lognorm(rng, 600, 1.3, na), 3 * 86400),
                    _lognorm(rng, 3600, 1.0, na)).astype(np.int64)
    ti = np.maximum(1, _lognorm(rng, 125, .5, na) * RES_TI[res]).astype(np.int64)
    chain = nd["chain"][node]
    cfirst = first[np.flatnonzero(np.r_[True, nd["chain"][1:] != nd["chain"][:-1]])]
    # a run that would end after the campaign deadline waits less between its attempts
    slack, busy = np.add.reduceat(gap + wait + tail, cfirst), np.add.reduceat(ti + x, cfirst)
    f = np.clip((nd["deadline"] - nd["start"] - busy) / np.maximum(slack, 1), .1, 1)[chain]
    gap, wait, tail = (np.maximum(v * f, 5 * (v > 0)).astype(np.int64) for v in (gap, wait, tail))
    tail[quirk] = np.maximum(tail[quirk], 3 * 3600)
    inc = gap + wait + ti + x + tail
    cs = np.cumsum(inc) - inc
    t = nd["start"][chain] + cs - cs[cfirst[chain]] + gap
    start = t + wait + ti
    stop = start + x
    has_end = np.isin(st, (COMPLETED, FAILED, EVICTED, ABORTED, CHECKPOINTED)) | (
        (st == RESCUED) & (rng.random(na) < .6))
    end = np.where(has_end, stop + np.where(st == ABORTED, tail, 0), NA)
    qk = rng.random(na)  # the quirk attempt had been evicted (50%), held (35%) or both (15%)
    return dict(node=node, st=st, seg=seg, cl=cl, seq=seq, res=res, submit=t[clf][cl], start=start,
                end=end, ti=ti, ti_ok=rng.random(na) >= .05,
                evicted=np.where((st == EVICTED) | (quirk & ((qk < .5) | (qk >= .85))), stop, NA),
                held=np.where(np.isin(st, (HELD, RELEASED)) | (quirk & (qk >= .5)), stop, NA),
                released=np.where(st == RELEASED, stop + tail, NA),
                aborted=np.where(st == ABORTED, end, NA), csub=t[clf])


def _format(nd, tl, cid, rng, pool, seed) -> bytes:
    """Row text of one chunk, sorted by Job Name (stable: chronological within a node)."""
    perm = np.argsort(nd["key"][tl["node"]], kind="stable")
    a = {key: v[perm] for key, v in tl.items() if key != "csub"}
    node, st, res, seq, n = a["node"], a["st"], a["res"], a["seq"], len(perm)
    epoch, run = nd["epoch"][node], nd["run"][node]
    rname = np.strings.add(b"run", _int(nd["run"]))
    names = np.where(nd["kind"] == 2, b"annex_helper", np.strings.add(
        rname, np.where(nd["kind"] == 1, b"-eval", np.strings.add(b"-train_epoch", _int(nd["epoch"])))))
    dag = np.where(a["seg"], nd["dag1"][node], nd["dag0"][node])
    ud, dinv = np.unique(dag, return_inverse=True)
    uuid = np.where(run >= 0, _hex(_mix((np.int64(seed & 0xFFFFFF) << 40) + run * 2 + a["seg"]), 8), b"")
    term = np.isin(st, TERMINATED)
    ep = np.maximum(epoch, 0)
    recv = (26.8e9 + ep * 2.8e7 + rng.normal(0, 3e7, n)) * seq
    sent = np.where(st == FAILED, 2.4e8 + rng.normal(0, 5e6, n), 9e8 + ep * 1.2e8 + rng.normal(0, 5e7, n)) * seq
    gpu = pool["off"][res] + (rng.random(n) * pool["size"][res]).astype(np.int64)
    ng = RES_NGPU[res] + ((res == 0) | (res == 6)) * (rng.random(n) < .3)
    ng[rng.random(n) < .01] = 0
    has = ng > 0
    dev = pool["dev"][gpu]
    ok_c = term & (st != FAILED)
    gpu_use = np.where(ok_c, .3 + (ng - .3) * rng.beta(6, 2, n), rng.uniform(0, .05, n))
    gmem_use = np.where(ok_c, DEV_MB[dev] * rng.uniform(.45, .95, n), rng.uniform(500, 2000, n))
    cpu = np.where(ok_c, .5 + 5.5 * rng.beta(4, 2, n), rng.uniform(0, 2.7, n))
    peak = np.where(ok_c, rng.uniform(20480, 61440, n), rng.uniform(400, 2200, n))
    disk = rng.uniform(6.0e7, 8.2e7, n)
    start, end, submit = a["start"], a["end"], a["submit"]
    has_end, ti_ok = end >= 0, a["ti_ok"]
    exe = np.maximum(end - start, 0)
    tot = np.maximum(end - submit, 0)
    e = np.full(n, b"")
    cols = [names[node], np.array([_dag_name(int(i)) for i in ud])[dinv], uuid, _int(cid[a["cl"]]),
            _int(seq), STATUS[st], RESOURCE[res], np.where(res == 0, SITES[pool["site"][gpu]], e),
            _ts(submit), _ts(start), _ts(end), _int(exe, has_end), _td(exe, has_end),
            _int(tot, has_end), _td(tot, has_end), _int(np.where(term, sent, 0)),
            _int(np.where(term, recv, 0)), _int(ng), np.where(has, DEV_NAME[dev], e),
            _int(ng * DEV_MB[dev], has), np.where(has, DEV_CAP[dev], e),
            np.where(has, pool["drv"][gpu], e), np.where(has, pool["ecc"][gpu], e),
            np.where(has, pool["uuid"][gpu], e), np.where(has, pool["gid"][gpu], e),
            np.where(has, pool["bus"][gpu], e), _f2(gpu_use, term & has),
            _int(gmem_use, term & has), _f2(cpu, term), _int(peak, term), _int(disk, term),
            _ts(a["held"]), _ts(a["released"]), _ts(a["evicted"]), _ts(a["aborted"]),
            _ts(np.where(ti_ok, start - a["ti"], NA)), _ts(np.where(ti_ok, start, NA)),
            _int(a["ti"], ti_ok), _td(a["ti"], ti_ok), np.full(n, b"1")]
    comma, nl = np.full((n, 1), ord(","), np.uint8), np.full((n, 1), ord("\n"), np.uint8)
    parts = []
    for i, c in enumerate(cols):
        c = np.ascontiguousarray(c)
        parts += [c.view(np.uint8).reshape(n, c.dtype.itemsize), comma if i < len(cols) - 1 else nl]
    return np.concatenate(parts, axis=1).tobytes().translate(None, b"\0")  # drop the S padding


def write_campaign(path, n_attempts: int, seed: int = 42, start: str = "2026-03-02T08:00:00") -> dict:
    """Write a synthetic v6 job_summary.csv of exactly n_attempts rows; return a few facts."""
    t_begin = time.perf_counter()
    n, seed = int(n_attempts), int(seed)
    if n < 0 or seed < 0:
        raise ValueError("n_attempts and seed must be >= 0")
    t0 = int(np.datetime64(start, "s").astype(np.int64))
    facts: dict[str, Any] = dict(rows=0, runs=0, dags=0, epochs=0, clusters=0, chunks=0,
                                 first_submit=None, last_end=None)
    with open(path, "wb") as f:
        f.write(HEADER.encode() + b"\n")
        if n == 0:
            return facts
        P, pool = _plan(n, seed, t0), _gpu_pool(seed)
        # pass 1: cluster submit times of the whole campaign -> Cluster IDs increasing with time
        subs = [_timeline(nd, np.random.default_rng([seed, 1, i]))["csub"] for i, nd in enumerate(_chunks(P))]
        allsub = np.concatenate(subs)
        rank = np.empty(len(allsub), np.int64)
        rank[np.argsort(allsub, kind="stable")] = np.arange(len(allsub))
        ids = 14_600_000 + rank + (allsub - allsub.min()) // 60
        offs = np.r_[0, np.cumsum([len(s) for s in subs])]
        first_submit, nclusters = int(allsub.min()), len(allsub)
        del subs, allsub, rank
        dags, last_end = set(), NA
        for i, nd in enumerate(_chunks(P)):  # pass 2: the same timelines, then the text
            tl = _timeline(nd, np.random.default_rng([seed, 1, i]))
            f.write(_format(nd, tl, ids[offs[i]:offs[i + 1]], np.random.default_rng([seed, 2, i]), pool, seed))
            facts["rows"] += len(tl["st"])
            dags.update(np.unique(np.where(tl["seg"], nd["dag1"][tl["node"]], nd["dag0"][tl["node"]])).tolist())
            last_end = max(last_end, int(tl["end"].max()))
    if facts["rows"] != n:  # pragma: no cover - the plan fixes the row count exactly
        raise RuntimeError(f"wrote {facts['rows']} rows instead of {n}")
    facts.update(runs=len(P["ep"]), dags=len(dags), epochs=int(P["ep"].sum()), clusters=nclusters,
                 chunks=len(offs) - 1, first_submit=str(np.datetime64(first_submit, "s")),
                 last_end=str(np.datetime64(last_end, "s")), seconds=round(time.perf_counter() - t_begin, 2))
    return facts


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m expreport.synth", description=__doc__.split("\n")[0])
    ap.add_argument("--attempts", type=int, default=EXAMPLE_ATTEMPTS, help="data rows to write")
    ap.add_argument("--seed", type=int, default=EXAMPLE_SEED)
    ap.add_argument("--start", default=EXAMPLE_START, help="campaign start, YYYY-MM-DDTHH:MM:SS")
    ap.add_argument("--out", required=True, help="output CSV path")
    args = ap.parse_args(argv)
    print(json.dumps(write_campaign(args.out, args.attempts, args.seed, args.start)))


if __name__ == "__main__":
    main()
