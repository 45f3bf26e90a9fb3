"""Findings records in the SNS audit format, sampling, and where records go."""

from .recorder import JsonLinesRecorder, MemoryRecorder, Recorder
from .records import build_findings_record

__all__ = ["JsonLinesRecorder", "MemoryRecorder", "Recorder", "build_findings_record"]
