"""A person behind the line (issue 12): volunteers on shift, transfers, callbacks, outbound calls.

- ``ivr.people.shifts``  who is on shift now (a switch, or weekly hours in Asia/Ho_Chi_Minh).
- ``ivr.people.transfers``  live transfers: who is rung, who accepted, how each attempt ended.
- ``ivr.people.outbound_rules``  who the hotline may call on its own cost, and when (pure).
- ``ivr.people.outbound``  the hotline's calls to callers: the free line, verdict calls; their status.
- ``ivr.people.placing``  placing those calls through Twilio's REST API (the job worker's).
"""
