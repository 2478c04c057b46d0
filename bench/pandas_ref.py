"""Reference (b), the way such reports were made before: pandas on the whole CSV.

    python bench/pandas_ref.py CSV OUT_JSON

``pandas.read_csv`` of the whole file, then pandas groupbys for the per-resource headline
numbers, with expreport's definitions (README glossary) re-implemented by hand:

- service jobs (``annex_helper``) are not attempts: left out of everything;
- resource: ``ospool`` when the attempt ran in a glidein (GLIDEIN Resource Name), else
  Targeted Resource lower-cased and trimmed, else ``unknown`` (a CSV has no execute host, so
  no built-in resource rule can match);
- run hours: Start Time to the EARLIEST of End, Evicted, Held and Aborted Time (the
  first-stop rule); no stop or a negative span = no hours;
- GPU-hours: run seconds x Number of GPUs / 3600;
- epochs: distinct (training run, epoch) with a successful attempt (``completed``, or a
  ``RESCUED`` row with an End Time, no Evicted/Held/Aborted Time, whose run started its next
  epoch first at or after that End Time), credited
  to the resource of its first success (earliest stop time, then Start Time, then line);
  training run = Run UUID, else DAG Source/run;
- GiB in / out: sum of Total Bytes Received / Sent / 2^30.

Writes {resource: {attempts, run_hours, gpu_hours, epochs, gib_in, gib_out}} and the phase
times to OUT_JSON. Run as a child process by the harness (wall time, peak RSS).
"""
from __future__ import annotations

import json
import sys
import time

TIME_COLS = ["Start Time", "End Time", "Evicted Time", "Held Time", "Aborted Time"]
TS_FORMAT = "%Y-%m-%dT%H:%M:%S"


def headline(path: str) -> tuple[dict, dict]:
    import numpy as np
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t_read = time.perf_counter() - t0
    df = df[df["Job Name"].astype("str") != "annex_helper"].reset_index(drop=True)

    for c in TIME_COLS:
        df[c] = pd.to_datetime(df[c], format=TS_FORMAT)
    target = df["Targeted Resource"].str.strip().str.lower()
    target = target.where(target.notna() & (target != ""))
    site = df["GLIDEIN Resource Name"].str.strip()
    glidein = site.notna() & (site != "")
    df["resource"] = pd.Series(np.where(glidein, "ospool", target.fillna("unknown")), index=df.index)

    stop = df[["End Time", "Evicted Time", "Held Time", "Aborted Time"]].min(axis=1)  # NaT skipped
    secs = (stop - df["Start Time"]).dt.total_seconds()
    df["run_seconds"] = secs.where(secs >= 0)
    df["gpu_hours"] = df["run_seconds"] * df["Number of GPUs"].fillna(0) / 3600
    df["run_hours"] = df["run_seconds"] / 3600
    df["line"] = df.index + 2   # lines among the kept rows; only their order matters

    # epochs: first success of each (training run, epoch)
    name = df["Job Name"].astype("str")
    run = name.str.extract(r"^([^-]+)-", expand=False)
    epoch = pd.to_numeric(name.str.extract(r"_epoch([0-9]+)$", expand=False), errors="coerce")
    uuid = df["Run UUID"].where(df["Run UUID"].notna() & (df["Run UUID"] != ""))
    run_key = uuid.fillna(df["DAG Source"].fillna("") + "/" + run)
    status = df["Final Status"].str.strip().str.lower()
    e = pd.DataFrame({"run_key": run_key, "epoch": epoch, "start": df["Start Time"]}).dropna()
    per = e.groupby(["run_key", "epoch"])["start"].min().reset_index().sort_values(["run_key", "epoch"])
    per["later"] = per.groupby("run_key")["start"].shift(-1)     # the next epoch's first start
    later = pd.DataFrame({"run_key": run_key, "epoch": epoch}).merge(
        per[["run_key", "epoch", "later"]], how="left", on=["run_key", "epoch"])["later"]
    rescued = ((status == "rescued") & df["End Time"].notna() & df["Evicted Time"].isna()
               & df["Held Time"].isna() & df["Aborted Time"].isna()
               & (later.to_numpy() >= df["End Time"].to_numpy()))
    ok = ((status == "completed") | rescued) & epoch.notna() & run_key.notna()
    s = pd.DataFrame({"run_key": run_key[ok], "epoch": epoch[ok], "resource": df["resource"][ok],
                      "stop": stop[ok].fillna(df["Start Time"][ok]), "start": df["Start Time"][ok],
                      "line": df["line"][ok]})
    first = s.sort_values(["run_key", "epoch", "stop", "start", "line"]).drop_duplicates(["run_key", "epoch"])
    epochs = first.groupby("resource").size()

    g = df.groupby("resource")
    out = pd.DataFrame({
        "attempts": g.size(),
        "run_hours": g["run_hours"].sum(),
        "gpu_hours": g["gpu_hours"].sum(),
        "gib_in": g["Total Bytes Received"].sum() / 2**30,
        "gib_out": g["Total Bytes Sent"].sum() / 2**30,
    })
    out["epochs"] = epochs.reindex(out.index).fillna(0).astype("int64")
    t_total = time.perf_counter() - t0
    result = {r: {k: (int(v) if k in ("attempts", "epochs") else float(v)) for k, v in row.items()}
              for r, row in out.to_dict("index").items()}
    return result, {"read_csv_s": round(t_read, 3), "total_s": round(t_total, 3), "rows": len(df)}


def main(argv: list[str]) -> None:
    result, timing = headline(argv[0])
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump({"resources": result, "timing": timing}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
