"""Mask and redact applied to one string, as SNS documents them."""

from __future__ import annotations

from dataguard.actions import Edit, apply_edits, covers_all, merge_edits


def test_mask_keeps_length_with_the_mask_character() -> None:
    """SNS: `ssn: 123-45-6789` masked with # becomes `ssn: ###########`."""
    assert apply_edits("ssn: 123-45-6789", [Edit(5, 16, "mask", "#")]) == "ssn: ###########"


def test_redact_removes_the_span() -> None:
    """SNS: `ssn: 123-45-6789` redacted becomes `ssn: `."""
    assert apply_edits("ssn: 123-45-6789", [Edit(5, 16, "redact")]) == "ssn: "


def test_overlapping_spans_merge_and_redact_wins() -> None:
    """Overlapping mask and redact spans become one redacted span."""
    merged = merge_edits([Edit(0, 5, "mask", "*"), Edit(3, 8, "redact")])
    assert merged == [Edit(0, 8, "redact", "*")]
    assert apply_edits("abcdefghij", [Edit(0, 5, "mask"), Edit(3, 8, "redact")]) == "ij"


def test_several_spans_apply_left_to_right() -> None:
    """Independent spans are each replaced."""
    assert apply_edits("a 12 b 34", [Edit(7, 9, "mask", "X"), Edit(2, 4, "mask", "X")]) == (
        "a XX b XX"
    )


def test_covers_all_detects_a_wholly_sensitive_message() -> None:
    """Only whitespace left outside the spans means the whole message is sensitive."""
    assert covers_all(" 123-45-6789 ", [Edit(1, 12, "mask")])
    assert not covers_all("ssn 123-45-6789", [Edit(4, 15, "mask")])
