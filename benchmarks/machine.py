"""The machine a benchmark ran on, printed above its figures so that runs can be compared."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path


def describe() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {model}, {os.cpu_count()} logical CPUs ({usable} usable), {platform.platform()}\n"
        f"python:  {platform.python_implementation()} {platform.python_version()} ({sys.executable})"
    )
