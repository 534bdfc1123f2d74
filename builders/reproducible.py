"""The one timestamp an output may carry: SOURCE_DATE_EPOCH if set, else the briefing's date."""

from __future__ import annotations

import datetime as dt
import os


def build_timestamp(briefing_date: dt.date) -> dt.datetime:
    """A fixed UTC moment, so the same input always gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime(briefing_date.year, briefing_date.month, briefing_date.day,
                       tzinfo=dt.timezone.utc)
