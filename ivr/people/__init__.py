"""A person behind the line (issue 12): volunteers on shift, transfers, callbacks, outbound calls.

- ``ivr.people.shifts``  who is on shift now (a switch, or weekly hours in Asia/Ho_Chi_Minh).
- ``ivr.people.transfers``  live transfers: who is rung, who accepted, how each attempt ended.
"""
