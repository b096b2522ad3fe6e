"""Reads calendar files with Python's `icalendar` package, an implementation independent of
the service's, and prints one JSON line per event: its UID, SEQUENCE, the calendar's METHOD,
the start's TZID and wall time, and the start as a UTC instant worked out from the file's own
VTIMEZONE (not from this machine's tz database), so the API tests can compare it with the
meetup's time. Exits non-zero when a file does not parse or a start has no matching VTIMEZONE.

Usage: python ics_check.py FILE.ics...
"""

import json
import sys
from datetime import timezone

import icalendar


def events(path):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    # lookup_tzid=False: the zone is built from the file, never taken from a tz database.
    zones = {
        str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in calendar.walk("VTIMEZONE")
    }
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid not in zones:
            raise SystemExit(f"{path}: DTSTART has TZID {tzid!r} without its VTIMEZONE")
        wall = start.dt.replace(tzinfo=None)
        instant = wall.replace(tzinfo=zones[tzid]).astimezone(timezone.utc)
        yield {
            "uid": str(event["UID"]),
            "sequence": int(event.get("SEQUENCE", 0)),
            "method": str(calendar.get("METHOD", "")),
            "tzid": tzid,
            "wall": wall.strftime("%Y-%m-%d %H:%M"),
            "utc": instant.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


def main(paths):
    for path in paths:
        for event in events(path):
            print(json.dumps(event, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
