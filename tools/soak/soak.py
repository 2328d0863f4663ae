#!/usr/bin/env python3
"""Soak run: the one-command demo (both stations, emulated boards on pseudo-terminals) for a fixed time,
sampling the process's resident memory, open file descriptors and threads once a minute.

Usage: tools/soak/soak.py --minutes 30 [--interval 60] [--csv soak.csv] -- <command that runs the demo>
Example: tools/soak/soak.py --minutes 30 -- dotnet host/QkdEdge.Cli/bin/Release/net10.0/qkdedge.dll demo --keys 1000000

At the end the demo is stopped with SIGINT (as Ctrl-C would), and the script prints the samples and a summary:
first, last, minimum and maximum of each figure and the least-squares slope over the second half of the run
(the first half includes JIT, pools and caches warming up). Linux only (reads /proc).
"""
import argparse
import csv
import os
import signal
import subprocess
import sys
import time


def read_status(pid):
    rss_kb = threads = None
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_kb / 1024.0, fds, threads


def slope_per_minute(points):
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    return 0.0 if var == 0 else sum((t - mean_t) * (v - mean_v) for t, v in points) / var


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, required=True)
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--csv", default=None, help="also write the samples here")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")

    log = open("soak-demo.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    start = time.monotonic()
    samples = []
    try:
        while time.monotonic() - start < args.minutes * 60:
            time.sleep(min(args.interval, max(0.0, args.minutes * 60 - (time.monotonic() - start))))
            if process.poll() is not None:
                print(f"the demo ended early with exit code {process.returncode}; see soak-demo.log", file=sys.stderr)
                break
            minute = (time.monotonic() - start) / 60.0
            rss, fds, threads = read_status(process.pid)
            samples.append((minute, rss, fds, threads))
            print(f"{minute:6.1f} min  rss {rss:8.1f} MB  fds {fds:4d}  threads {threads:3d}", flush=True)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()

    if args.csv:
        with open(args.csv, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["minute", "rss_mb", "fds", "threads"])
            writer.writerows(samples)
    if not samples:
        return 1
    second_half = [s for s in samples if s[0] >= samples[-1][0] / 2]
    for index, name in ((1, "rss MB"), (2, "open fds"), (3, "threads")):
        values = [s[index] for s in samples]
        slope = slope_per_minute([(s[0], s[index]) for s in second_half])
        print(f"{name:9s} first {values[0]:9.1f}  last {values[-1]:9.1f}  min {min(values):9.1f}  max {max(values):9.1f}  "
              f"slope over the second half {slope:+.2f}/min")
    print(f"demo exit code {process.returncode}; {len(samples)} samples over {samples[-1][0]:.1f} min")
    return 0 if process.returncode in (0, 130, -2) else 1


if __name__ == "__main__":
    sys.exit(main())
