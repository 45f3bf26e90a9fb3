"""Findings records in the SNS audit format, sampling, and where records go."""

from .recorder import JsonLinesRecorder, MemoryRecorder, Recorder
from .records import build_findings_record
from .retry import RetryPolicy
from .sinks import AwsRecorder, MultiRecorder, build_recorder

__all__ = [
    "AwsRecorder",
    "JsonLinesRecorder",
    "MemoryRecorder",
    "MultiRecorder",
    "Recorder",
    "RetryPolicy",
    "build_findings_record",
    "build_recorder",
]
