"""Payload-based filtering: EventBridge event patterns and SNS subscription filter policies.

Patterns compile once into matchers; :class:`PatternSet` indexes many of them so that the
cost per event does not grow with the number of patterns.
"""

from dataguard.filtering.eventpattern import EventPattern
from dataguard.filtering.patternset import PatternSet
from dataguard.filtering.sns import FilterPolicy

__all__ = ["EventPattern", "FilterPolicy", "PatternSet"]
