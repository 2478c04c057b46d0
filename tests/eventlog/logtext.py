"""Builders of HTCondor job event log text, copied in shape from the real logs in
../shared/real (tabs, column alignment of the usage table, byte counter lines)."""
from __future__ import annotations

SUBMIT_HOST = ("<128.105.68.62:9618?addrs=128.105.68.62-9618+[2607-f388-2200-100-eaeb-d3ff-"
               "fea3-416e]-9618&alias=ap40.uw.osg-htc.org&noUDP&sock=schedd_9426_07cb>")
CCB = ("CCBID=128.105.68.62:9618%3faddrs%3d128.105.68.62-9618%26alias%3dap40.uw.osg-htc.org"
       "%26noUDP%26sock%3dap_collector#1")


def _hdr(code: int, cluster: int, ts: str, text: str, proc: int = 0) -> str:
    return f"{code:03d} ({cluster}.{proc:03d}.000) {ts} {text}\n"


def ev(code: int, cluster: int, ts: str, text: str, body: list[str] = (), proc: int = 0) -> str:
    return _hdr(code, cluster, ts, text, proc) + "".join(f"{b}\n" for b in body) + "...\n"


def submit(cluster: int, ts: str, node: str | None = None, structured: str | None = None,
           proc: int = 0) -> str:
    body = []
    if node and structured:
        body = [f'    [ DAGNodeName = "{node}"; JobBatchName = "{structured}.dag+{cluster - 1}" ]']
    elif node:
        body = [f"    DAG Node: {node}"]
    return ev(0, cluster, ts, f"Job submitted from host: {SUBMIT_HOST}", body, proc)


def gpu_ad(tag: str, name: str = "NVIDIA A100-SXM4-40GB", mem: int = 40442, cap: str = "8.0",
           driver: str = "12.8", ecc: str = "true", bus: str = "0000:07:00.0") -> str:
    return (f'GPUs_GPU_{tag} = [ Id = "GPU-{tag}"; Capability = {cap}; DeviceName = "{name}"; '
            f'DeviceUuid = "{tag}-b524-ad94-6ed5-53490423bfe3"; ECCEnabled = {ecc}; '
            f'NvidiaDriver = "570.148.08"; DriverVersion = {driver}; DevicePciBusId = "{bus}"; '
            f'GlobalMemoryMb = {mem}; MaxSupportedVersion = 12080 ]')


def execute(cluster: int, ts: str, host: str = "gpua025.delta.ncsa.illinois.edu",
            gpus: list[str] = (), glidein: str | None = None, cpus: int = 4,
            memory: int = 220032, disk: int = 104857600, slot: str | None = None,
            proc: int = 0) -> str:
    sinful = (f"<141.142.254.25:39447?{CCB}&PrivNet={host}&addrs=141.142.254.25-39447"
              f"&alias={host}&noUDP&sock=startd_1208587_bc09>")
    tags = [g.split(" ", 1)[0][len("GPUs_GPU_"):] for g in gpus]
    body = [f"\tSlotName: {slot or 'slot1_1@' + host}"]
    if gpus:
        body.append("\tAvailableGPUs = { " + ",".join(f"GPUs_GPU_{t}" for t in tags) + " }")
    body += ['\tCondorScratchDir = "/scratch/execute/dir_1208843/scratch"',
             f"\tCpus = {cpus}", f"\tDisk = {disk}"]
    if glidein:
        body.append(f'\tGLIDEIN_ResourceName = "{glidein}"')
    body.append(f"\tGPUs = {len(gpus)}")
    body += [f"\t{g}" for g in gpus]
    body.append(f"\tMemory = {memory}")
    return ev(1, cluster, ts, f"Job executing on host: {sinful}", body, proc)


def _cell(v, width: int) -> str:
    return ("" if v is None else str(v)).rjust(width)


def table(rows: dict[str, tuple], assigned: dict[str, str] = None) -> list[str]:
    """rows: name -> (usage, request, allocated); None = empty cell. Real layout."""
    out = ["\tPartitionable Resources :       Usage   Request Allocated Assigned"]
    for name, (u, r, a) in rows.items():
        line = f"\t   {name:<20} : {_cell(u, 11)} {_cell(r, 9)} {_cell(a, 9)} "
        if assigned and name in assigned:
            line += f'"{assigned[name]}"'
        out.append(line)
    return out


DEFAULT_ROWS = {"Cpus": (0.45, 4, 4), "Disk (KB)": (75885982, 104857600, 104857600),
                "GPUs": (None, 2, 2), "GpusMemory (MB)": (4628, None, None),
                "Memory (MB)": (26744, 220000, 220032), "TimeExecute (s)": (5835, None, None)}


def _bytes(run_sent, run_recv, total_sent=None, total_recv=None) -> list[str]:
    out = [f"\t{run_sent}  -  Run Bytes Sent By Job", f"\t{run_recv}  -  Run Bytes Received By Job"]
    if total_sent is not None:
        out += [f"\t{total_sent}  -  Total Bytes Sent By Job",
                f"\t{total_recv}  -  Total Bytes Received By Job"]
    return out


def terminated(cluster: int, ts: str, rv: int | None = 0, signal: int | None = None,
               run_sent: int = 699656242, run_recv: int = 27255831925,
               total_sent: int | None = None, total_recv: int | None = None,
               rows: dict = None, proc: int = 0) -> str:
    status = (f"\t(1) Normal termination (return value {rv})" if signal is None
              else f"\t(0) Abnormal termination (signal {signal})")
    body = [status,
            "\t\tUsr 0 01:07:45, Sys 0 00:36:54  -  Run Remote Usage",
            "\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage",
            "\t\tUsr 0 01:07:45, Sys 0 00:36:54  -  Total Remote Usage",
            "\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Total Local Usage"]
    if signal is not None:
        body.insert(1, "\t(0) No core file")
    body += _bytes(run_sent, run_recv, run_sent if total_sent is None else total_sent,
                   run_recv if total_recv is None else total_recv)
    body += table(rows or DEFAULT_ROWS, {"GPUs": "GPU-8684ab34,GPU-bf76deec"})
    return ev(5, cluster, ts, "Job terminated.", body, proc)


def evicted(cluster: int, ts: str, code: int = 1013, subcode: int = 0,
            reason: str | None = "Startd was shutdown", run_sent: int = 0,
            run_recv: int = 28866754885, rows: dict = None, proc: int = 0) -> str:
    body = ["\t(0) CPU times",
            "\t\tUsr 0 00:08:58, Sys 0 00:01:18  -  Run Remote Usage",
            "\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage"]
    body += _bytes(run_sent, run_recv)
    if reason:
        body.append(f"\tReason: {reason}")
    body += table(rows or {"Cpus": (1.51, 4, 4), "Disk (KB)": (64138803, 104857600, 104857600),
                           "GPUs": (0, 1, 1), "GpusMemory (MB)": (771, None, None),
                           "Memory (MB)": (56, 80000, 80000)}, {"GPUs": "GPU-ae440af4"})
    return ev(4, cluster, ts, f"Job was evicted. Code {code} Subcode {subcode}", body, proc)


def held(cluster: int, ts: str, reason: str = "The job exceeded allowed execute duration of 1+16:00:00",
         code: int = 47, subcode: int = 0, proc: int = 0) -> str:
    return ev(12, cluster, ts, "Job was held.", [f"\t{reason}", f"\tCode {code} Subcode {subcode}"], proc)


def released(cluster: int, ts: str, proc: int = 0) -> str:
    return ev(13, cluster, ts, "Job was released.", ["\tvia condor_release (by user ian.ross)"], proc)


def aborted(cluster: int, ts: str, reason: str = "via condor_rm (by user ian.ross)", proc: int = 0) -> str:
    return ev(9, cluster, ts, "Job was aborted.", [f"\t{reason}"], proc)


def reconnect_failed(cluster: int, ts: str, slot: str = "slot1_1@v018.pvt.bridges2.psc.edu") -> str:
    return ev(24, cluster, ts, "Job reconnection failed",
              ["    Job disconnected too long: JobLeaseDuration (2400 seconds) expired",
               f"    Can not reconnect to {slot}, rescheduling job"])


def shadow_exception(cluster: int, ts: str, msg: str = "Error from slot1_1@host: starter died") -> str:
    return ev(7, cluster, ts, "Shadow exception!",
              [f"\t{msg}", "\t0  -  Run Bytes Sent By Job", "\t1234  -  Run Bytes Received By Job"])


def xfer(cluster: int, ts: str, what: str = "Started transferring input files") -> str:
    body = ["\tTransferring to host: <3.93.218.45:9618?addrs=3.93.218.45-9618&noUDP>"] \
        if what.startswith("Started") else []
    return ev(40, cluster, ts, what, body)


def image(cluster: int, ts: str) -> str:
    return ev(6, cluster, ts, "Image size of job updated: 15936",
              ["\t16  -  MemoryUsage of job (MB)", "\t15936  -  ResidentSetSize of job (KB)"])


def disconnected(cluster: int, ts: str) -> str:
    return ev(22, cluster, ts, "Job disconnected, attempting to reconnect",
              ["    Socket between submit and execute hosts closed unexpectedly",
               "    Trying to reconnect to slot1_1@exp-3-59.expanse.sdsc.edu <198.202.103.76:42755>"])


def starter_error(cluster: int, ts: str, msg: str = "Input File transfer stalled for 3620 seconds") -> str:
    return ev(21, cluster, ts, "Error from starter on slot1_1@gpua083.delta.ncsa.illinois.edu:",
              [f"\t{msg}"])


TWO_GPUS = [gpu_ad("8684ab34"), gpu_ad("bf76deec", bus="0000:46:00.0")]
