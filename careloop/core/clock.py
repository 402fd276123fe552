"""Times people enter, checked against the server's clock."""

from __future__ import annotations

import datetime as dt

# A time entered up to this far ahead of the server's clock is taken as clock skew (a phone
# or desk computer set a minute or two fast), not as a time in the future. Every check of
# "not in the future" (sessions, pain reports, clearances, contacts) uses this one margin.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
